package io.iwpspark.datasets.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iwpspark.datasets.schema.AnswerType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchmarkRegistryTest {
    @Test
    void everyBenchmarkIsFoundByItsStableName() {
        BenchmarkRegistry r = BenchmarkRegistry.load();
        assertEquals(Set.of("pope", "mme", "gqa", "vqav2", "textvqa", "scienceqa_img", "mmbench_en", "mvbench", "videomme",
                "seedbench", "ocrbench", "mmmu", "egoschema", "shapes_vqa", "shapes_video"), r.all().keySet());
        assertEquals("f1", r.get("pope").scorer().primaryMetric());
        assertEquals("circular_accuracy", r.get("mmbench_en").scorer().primaryMetric());
        assertEquals(AnswerType.MULTIPLE_CHOICE, r.get("scienceqa_img").answerType());
        for (BenchmarkDefinition d : r.all().values()) {
            assertEquals(d.name(), d.scorer().name(), "scorer results carry the benchmark's name");
        }
    }

    @Test
    void duplicateNamesAreRejectedLoudly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BenchmarkRegistry.of(List.of(new Pope(), new Mme(), new Pope())));
        assertTrue(e.getMessage().contains("two benchmarks are named \"pope\""), e.getMessage());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchmarkRegistry.load().get("popee"));
        assertTrue(e.getMessage().contains("known: ["), e.getMessage());
    }
}
