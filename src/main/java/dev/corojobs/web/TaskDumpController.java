package dev.corojobs.web;

import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobState;
import dev.corojobs.jobs.JobWork;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskTracker;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/** Task dumps: every live coroutine task of the runtime, or of one job, paginated and streamed. */
@RestController
@Tag(name = "Runtime", description = "See inside the coroutine runtime")
class TaskDumpController {

    static final int MAX_PAGE_SIZE = 100_000;

    private final TaskTracker tracker;
    private final JobService jobs;
    private final TaskDumpWriter writer;

    TaskDumpController(TaskTracker tracker, JobService jobs, JsonMapper mapper) {
        this.tracker = tracker;
        this.jobs = jobs;
        this.writer = new TaskDumpWriter(mapper);
    }

    @GetMapping(path = "/api/v1/runtime/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Dump every live coroutine task",
            description = "Each task with its kind, job, parent, state, what it waits on (a task, a tick, a socket, "
                    + "a queue), how often it ran, how long since it last ran and its yield-from chain. Groups (kernels, "
                    + "pipelines) in the order they started, tasks by id; a page is a moving snapshot, streamed.")
    ResponseEntity<StreamingResponseBody> runtimeTasks(
            @Parameter(description = "0-based page") @RequestParam(defaultValue = "0") long page,
            @Parameter(description = "tasks per page, 1 to 100000") @RequestParam(defaultValue = "100") int size,
            @Parameter(description = "only tasks of this kind: simulation, pipeline or tcp") @RequestParam(required = false) String kind) {
        checkPage(page, size);
        TaskKind only = kind == null ? null : kind(kind);
        Map<TaskGroup, UUID> jobOfGroup = jobsByGroup();
        List<TaskDumpWriter.Source> sources = new ArrayList<>();
        for (TaskGroup group : tracker.groupsInOrder()) {
            if (only == null || group.kind() == only) {
                sources.add(new TaskDumpWriter.Source(group, jobOfGroup.get(group)));
            }
        }
        return stream(sources, page, size);
    }

    @GetMapping(path = "/api/v1/jobs/{id}/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Dump a job's live coroutine tasks",
            description = "Like /api/v1/runtime/tasks, for the kernels and pipelines of one job (empty once it ended).")
    ResponseEntity<StreamingResponseBody> jobTasks(
            @PathVariable UUID id,
            @Parameter(description = "0-based page") @RequestParam(defaultValue = "0") long page,
            @Parameter(description = "tasks per page, 1 to 100000") @RequestParam(defaultValue = "100") int size) {
        checkPage(page, size);
        JobWork work = jobs.work(id).orElseThrow(() -> JobNotFound.of(id));
        List<TaskDumpWriter.Source> sources = new ArrayList<>();
        boolean running = jobs.find(id).map(job -> job.state() == JobState.RUNNING).orElse(false);
        if (running) {
            for (TaskGroup group : work.taskGroups()) {
                sources.add(new TaskDumpWriter.Source(group, id));
            }
        }
        return stream(sources, page, size);
    }

    private ResponseEntity<StreamingResponseBody> stream(List<TaskDumpWriter.Source> sources, long page, int size) {
        StreamingResponseBody body = out -> writer.write(sources, page, size, out);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** Which running job each task group belongs to, from the jobs' works. */
    private Map<TaskGroup, UUID> jobsByGroup() {
        Map<TaskGroup, UUID> byGroup = new IdentityHashMap<>();
        for (JobSnapshot job : jobs.list(null, JobState.RUNNING, null, 0, Integer.MAX_VALUE).items()) {
            jobs.work(job.id()).ifPresent(work -> work.taskGroups().forEach(group -> byGroup.put(group, job.id())));
        }
        return byGroup;
    }

    private static void checkPage(long page, int size) {
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        if (page > Integer.MAX_VALUE) {
            throw new InvalidInputException("page", "must be at most " + Integer.MAX_VALUE
                    + ", was " + page);
        }
    }

    private static TaskKind kind(String label) {
        return Arrays.stream(TaskKind.values()).filter(k -> k.label().equals(label)).findFirst()
                .orElseThrow(() -> new InvalidInputException("kind", "must be one of "
                        + Arrays.stream(TaskKind.values()).map(TaskKind::label).collect(Collectors.joining(", "))
                        + ", was '" + label + "'"));
    }
}
