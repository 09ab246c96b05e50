package dev.corojobs.pipeline.web;

import dev.corojobs.pipeline.PipelineSettings;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of log-analysis jobs, under {@code corojobs.pipeline}. The upload limit is Spring's
 * {@code spring.servlet.multipart.max-file-size} / {@code max-request-size} (1 GB in application.yaml).
 *
 * @param dataDir the folder that JSON submissions name files in ({@code source.path} is relative to it)
 * @param queueCapacity batches a threaded stage's inbox holds before it pushes back on the stage before it
 * @param batchSize input per batch (whole lines): the unit of hand-off between stages
 * @param sampleCount malformed lines kept as samples in the result
 * @param maxLineLength longest line read whole; longer ones are cut and counted malformed
 * @param maxDistinctKeys distinct keys one branch counts exactly; one more fails the job, naming this key
 * @param maxKeyBytes bytes of distinct keys one branch may hold; over it the job fails
 */
@ConfigurationProperties("corojobs.pipeline")
record LogAnalysisProperties(
        @DefaultValue("data") Path dataDir,
        @DefaultValue("8") int queueCapacity,
        @DefaultValue("256KB") DataSize batchSize,
        @DefaultValue("10") int sampleCount,
        @DefaultValue("1MB") DataSize maxLineLength,
        @DefaultValue("50000") int maxDistinctKeys,
        @DefaultValue("4MB") DataSize maxKeyBytes) {

    PipelineSettings settings() {
        return new PipelineSettings(queueCapacity, Math.toIntExact(batchSize.toBytes()), sampleCount,
                Math.toIntExact(maxLineLength.toBytes()), maxDistinctKeys, maxKeyBytes.toBytes());
    }
}
