package io.iwpspark.datasets.testing;

import org.apache.spark.sql.SparkSession;

/** One local Spark session per test class (start it in @BeforeAll, stop it in @AfterAll). */
public final class SharedSpark {
    private SharedSpark() {
    }

    public static SparkSession start(String name) {
        return SparkSession.builder().appName(name).master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
