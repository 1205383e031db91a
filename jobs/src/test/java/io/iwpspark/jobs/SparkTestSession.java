package io.iwpspark.jobs;

import org.apache.spark.sql.SparkSession;

/** One local Spark session per test class (start-up is seconds): local[2], no UI, few shuffle partitions. */
public final class SparkTestSession {
    private SparkTestSession() {}

    public static SparkSession start(String appName) {
        return SparkSession.builder()
                .appName(appName)
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
