package dev.corojobs.jobs;

import dev.corojobs.jobs.store.JobStore;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Input kept apart from a job's request (an uploaded log), in the store where every replica reads it. Inputs
 * go with their job (deleted or pruned); one that no job refers to is pruned an hour after it was saved.
 */
@Component
public class JobInputs {

    private final JobStore store;

    public JobInputs(JobStore store) {
        this.store = store;
    }

    /** Saves the input, read chunk by chunk (it may be large); returns the reference a submission carries. */
    public String save(InputStream in) throws IOException {
        return store.writeInput(in);
    }

    /** Reads a saved input chunk by chunk. */
    public InputStream open(String ref) {
        return store.readInput(ref);
    }

    /** Its size in bytes, or -1 if there is no such input. */
    public long size(String ref) {
        return store.inputSize(ref).orElse(-1L);
    }

    /** Drops an input no job will read (a duplicate submission's upload). */
    public void delete(String ref) {
        store.deleteInput(ref);
    }
}
