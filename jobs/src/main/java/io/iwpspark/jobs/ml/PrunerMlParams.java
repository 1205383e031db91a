package io.iwpspark.jobs.ml;

import io.iwpspark.pruning.ParamSpec;
import io.iwpspark.pruning.PrunerRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;

/**
 * Spark ML Params derived from every registered pruner's own parameter list (PrunerFactory.describe()):
 * one typed Param per (method, parameter), named {@code <method>_<parameter>} ({@code iwp_lambda},
 * {@code fastv_k}), with the parameter's meaning, default and allowed range as its doc and validator. A
 * new pruner or parameter appears here without a line of transformer code.
 */
final class PrunerMlParams {
    private final Map<String, Map<String, Param<?>>> byMethod; // method -> parameter -> Param

    PrunerMlParams(String parent, PrunerRegistry registry) {
        Map<String, Map<String, Param<?>>> out = new TreeMap<>();
        registry.factories().forEach((method, factory) -> {
            Map<String, Param<?>> params = new LinkedHashMap<>();
            for (ParamSpec s : factory.describe().parameters()) {
                params.put(s.name(), param(parent, method, s));
            }
            out.put(method, Collections.unmodifiableMap(params));
        });
        this.byMethod = Collections.unmodifiableMap(out);
    }

    /** The Params of one method by parameter name (empty for an unknown method). */
    Map<String, Param<?>> of(String method) {
        return byMethod.getOrDefault(method, Map.of());
    }

    Map<String, Map<String, Param<?>>> all() {
        return byMethod;
    }

    private static Param<?> param(String parent, String method, ParamSpec s) {
        String name = method + "_" + s.name();
        String doc = method + ": " + s.meaning() + " (" + s.allowed() + ", default " + s.defaultValue() + ")";
        return switch (s.type()) {
            case INT -> new IntParam(parent, name, doc, ParamValidators.inRange(s.min(), s.max(), !s.minExclusive(), true));
            case REAL -> new DoubleParam(parent, name, doc,
                    ParamValidators.inRange(s.min(), s.max(), !s.minExclusive(), true));
            case BOOL -> new BooleanParam(parent, name, doc);
            case CHOICE -> new Param<String>(parent, name, doc,
                    ParamValidators.inArray(s.choices().toArray(new String[0])));
        };
    }
}
