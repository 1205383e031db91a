package io.iwpspark.jobs.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header-only counts of --list against files whose records are known by construction. */
class SourceListingCountTest {
    @TempDir
    Path dir;

    @Test
    void tsvRecordsSkipTheHeaderAndKeepQuotedNewlinesInsideARecord() throws Exception {
        Path f = dir.resolve("MMBench_DEV_EN.tsv");
        Files.writeString(f, "index\tquestion\tanswer\n1\t\"two\nlines\"\tA\r\n2\tplain\tB\n3\t\"a \"\"quote\"\"\"\tC");
        assertEquals(3, SourceListing.tsvRecords(f));
        Files.writeString(f, "index\tquestion\n\n");
        assertEquals(0, SourceListing.tsvRecords(f));
    }

    @Test
    void llavaQuestionLinesIgnoreBlankLines() throws Exception {
        Path f = dir.resolve("coco_pope_random.json");
        Files.writeString(f, "{\"question_id\": 1}\n\n{\"question_id\": 2}\n{\"question_id\": \n");
        assertEquals(3, SourceListing.jsonLines(f), "a malformed line is still a record (prepare makes it an error row)");
    }
}
