package dev.corojobs.pipeline;

import dev.corojobs.pipeline.report.ReportAggregator;
import dev.corojobs.pipeline.report.ReportOptions;

/** The report's stage, a target of the broadcast beside the branches: every parsed batch into one aggregator. */
final class ReportStage extends Stage<LogBatch> {

    private final ReportAggregator aggregator;

    ReportStage(ReportOptions options) {
        super("report");
        this.aggregator = new ReportAggregator(options);
    }

    @Override
    void accept(LogBatch batch) {
        aggregator.accept(batch);
    }

    @Override
    void flush() {
        // the aggregator is read once the pipeline has drained
    }

    ReportAggregator aggregator() {
        return aggregator;
    }
}
