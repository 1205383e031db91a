package io.iwpspark.jobs.cli;

/** The text of {@code iwp --help}. */
final class Help {
    private Help() {}

    static final String TEXT = """
            iwp: evaluate visual-token pruning (IWP and baselines) on a LLaVA model with Spark

            usage: iwp <command> [--config FILE] [--set key=value ...] [--master URL]

            commands
              prepare    write the samples table if it is missing, from the downloaded benchmarks of
                         `sources:` (lmms-lab Parquet, LLaVA question files, VLMEvalKit TSV, MVBench,
                         Video-MME) and the synthetic ShapesVQA / ShapesVideo of `synthetic:`;
                         --list prints what each source holds (format, files, records) from the
                         files' headers: nothing decoded, nothing written
              sweep      run every sample unpruned and under every configuration -> <output>/predictions
                         (resumable: pairs already written are skipped)
              aggregate  predictions -> <output>/tradeoffs (metric, 95% CI, retention, agreement,
                         FLOPs, latency p50/p95, tokens, dual-weight error, Pareto flag)
              plot       tradeoffs -> <output>/figures/*.png and *.svg
              run        sweep, aggregate and plot in one go (prepares the samples table if missing)
              methods    list every pruning method: where it prunes, what it needs, its parameters
                         (defaults, allowed values) and official code; --markdown prints docs/METHODS.md

            options
              --config FILE    sweep configuration (default conf/sweep-default.yaml; keys in conf/README.md)
              --set key=value  override one key, e.g. --set limit=50 --set budgets=[8,16]
                               --set synthetic.vqa=100 (values are YAML)
              --list           with prepare: show the sources, write nothing
              --master URL     Spark master (default local[*]; under spark-submit, spark-submit's)
              -h, --help       this text

            Every key is checked before Spark starts; errors name the key and what was expected.
            Tables are Parquet (schemas in docs/SCHEMA.md). On a cluster, submit the jobs jar:
              spark-submit --class io.iwpspark.jobs.cli.Main jobs/target/iwp-jobs.jar run --config conf/...
            (docs/CLUSTER.md).
            """;
}
