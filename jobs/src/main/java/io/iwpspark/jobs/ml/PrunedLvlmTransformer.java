package io.iwpspark.jobs.ml;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.lit;

import io.iwpspark.datasets.schema.SampleRows;
import io.iwpspark.jobs.config.PruningConfig;
import io.iwpspark.jobs.config.RuntimeSettings;
import io.iwpspark.jobs.schema.Predictions;
import io.iwpspark.jobs.sweep.SweepJob;
import io.iwpspark.pruning.PrunerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The pruned-LVLM inference stage as a Spark MLlib Transformer: samples table in, predictions table
 * out, one row per sample under the configuration its typed Params describe: method, budget, and every
 * registered pruner's own parameters as {@code <method>_<parameter>} Params derived from its parameter
 * list ({@link #prunerParam}; {@code iwp_lambda}, {@code fastv_k}, ...), each validated by the pruner's
 * own range. A sweep grid is a {@code ParamGridBuilder} grid:
 *
 * <pre>
 *   ParamMap[] grid = new ParamGridBuilder()
 *       .addGrid(t.method(), asScala(List.of("iwp", "random")))
 *       .addGrid(t.budget(), new int[] {64, 128})
 *       .build();
 *   Dataset&lt;Row&gt; predictions = t.transformGrid(samples, grid);   // shares each sample's prefix
 * </pre>
 * {@link #transformGrid} runs every configuration of the grid per sample on one shared prefix, plus
 * the unpruned and text-only references; {@link #transform} is the one-configuration case (no
 * reference rows).
 */
public final class PrunedLvlmTransformer extends Transformer {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> device;
    private final Param<String> method;
    private final IntParam budget;
    private final IntParam maxNewTokens;
    private final PrunerMlParams prunerParams;

    public PrunedLvlmTransformer() {
        this(Identifiable.randomUID("prunedLvlm"));
    }

    public PrunedLvlmTransformer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "Hugging Face LLaVA checkpoint folder");
        device = new Param<>(this, "device", "cpu, gpu or auto", ParamValidators.inArray(new String[] {"cpu", "gpu", "auto"}));
        method = new Param<>(this, "method", "pruner registry name");
        budget = new IntParam(this, "budget", "visual tokens kept (> 0)", ParamValidators.gt(0));
        maxNewTokens = new IntParam(this, "maxNewTokens", "greedy decoding length (> 0)", ParamValidators.gt(0));
        prunerParams = new PrunerMlParams(uid, PrunerRegistry.load());
        setDefault(device, "auto");
        setDefault(method, "iwp");
        setDefault(budget, 64);
        setDefault(maxNewTokens, 16);
    }

    /**
     * Every Param: the transformer's own (found by Spark's reflection) and the pruners' derived ones,
     * which reflection cannot see, so that set, ParamGridBuilder and extractParamMap accept them.
     */
    @Override
    public Param<?>[] params() {
        List<Param<?>> all = new ArrayList<>(List.of(modelPath, device, method, budget, maxNewTokens));
        prunerParams.all().values().forEach(m -> all.addAll(m.values()));
        all.sort(java.util.Comparator.comparing(Param::name));
        return all.toArray(new Param<?>[0]);
    }

    /** The Param of one pruner parameter, e.g. ("iwp", "lambda"); refused naming what exists. */
    public Param<?> prunerParam(String pruner, String parameter) {
        Param<?> p = prunerParams.of(pruner).get(parameter);
        if (p == null) {
            throw new IllegalArgumentException("pruner parameter " + pruner + "." + parameter + " does not exist; "
                    + pruner + " has " + prunerParams.of(pruner).keySet());
        }
        return p;
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelPath() { return modelPath; }
    public Param<String> device() { return device; }
    public Param<String> method() { return method; }
    public IntParam budget() { return budget; }
    public IntParam maxNewTokens() { return maxNewTokens; }
    /** IWP's lambda, the derived {@code iwp_lambda}. */
    public DoubleParam lambda() { return (DoubleParam) prunerParam("iwp", "lambda"); }

    public PrunedLvlmTransformer setModelPath(String v) { set(modelPath, v); return this; }
    public PrunedLvlmTransformer setDevice(String v) { set(device, v); return this; }
    public PrunedLvlmTransformer setMethod(String v) { set(method, v); return this; }
    public PrunedLvlmTransformer setBudget(int v) { set(budget, v); return this; }
    public PrunedLvlmTransformer setMaxNewTokens(int v) { set(maxNewTokens, v); return this; }
    public PrunedLvlmTransformer setLambda(double v) { set(lambda(), v); return this; }

    /** Sets one pruner parameter by its Param, e.g. {@code setPrunerParam("fastv", "k", 1)}. */
    @SuppressWarnings("unchecked")
    public <T> PrunedLvlmTransformer setPrunerParam(String pruner, String parameter, T value) {
        set((Param<T>) prunerParam(pruner, parameter), value);
        return this;
    }

    /** The configuration one ParamMap (over this transformer's own values) describes. */
    public PruningConfig configuration(ParamMap extra) {
        ParamMap p = extractParamMap(extra);
        String m = p.apply(method);
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, Param<?>> e : prunerParams.of(m).entrySet()) {
            putIfSet(p, e.getValue(), e.getKey(), params);
        }
        return PruningConfig.canonical(PrunerRegistry.load(), m, (Integer) p.apply(budget), params);
    }

    /** Every configuration of a grid, each pruner built once here so bad values fail before Spark works. */
    public List<PruningConfig> configurations(ParamMap[] grid) {
        List<PruningConfig> out = new ArrayList<>();
        PrunerRegistry registry = PrunerRegistry.load();
        for (ParamMap m : grid) {
            PruningConfig c = configuration(m);
            c.pruner(registry);
            out.add(c);
        }
        return out;
    }

    /** Predictions of every grid point plus the unpruned run, one shared prefix per sample. */
    public Dataset<Row> transformGrid(Dataset<?> samples, ParamMap[] grid) {
        return run(samples, configurations(grid), false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> samples) {
        return run(samples, configurations(new ParamMap[] {ParamMap.empty()}), true);
    }

    private Dataset<Row> run(Dataset<?> samples, List<PruningConfig> configs, boolean skipUnpruned) {
        transformSchema(samples.schema());
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException("modelPath must be set");
        }
        RuntimeSettings settings = RuntimeSettings.of($(modelPath), $(device), (Integer) $(maxNewTokens));
        Column done = skipUnpruned ? array(Predictions.REFERENCES.stream().map(org.apache.spark.sql.functions::lit)
                .toArray(Column[]::new)) : array().cast("array<string>");
        return SweepJob.evaluate(samples.toDF().withColumn(SweepJob.DONE_COLUMN, done), settings, configs);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        SampleRows.requireSchema(schema);
        return Predictions.SCHEMA;
    }

    @Override
    public Transformer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    private static <T> void putIfSet(ParamMap p, Param<T> param, String name, Map<String, String> out) {
        if (p.contains(param)) {
            out.put(name, String.valueOf(p.apply(param)));
        }
    }
}
