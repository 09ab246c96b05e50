package dev.corojobs.web;

import dev.corojobs.runtime.TaskDump;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.WaitTarget;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one page of a task dump as JSON, a chunk of tasks at a time: each chunk is taken on its group's own
 * thread (see {@link TaskGroup#dump}) and written out before the next is taken, so neither a million tasks nor
 * a slow client hold memory or a kernel.
 */
final class TaskDumpWriter {

    /** Tasks taken from a group per hand-off to its thread. */
    static final int CHUNK = 1024;

    /** A group to dump, with the job it belongs to (null if none is known). */
    record Source(TaskGroup group, UUID jobId) {
    }

    private final JsonMapper mapper;

    TaskDumpWriter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    void write(List<Source> sources, long page, int size, OutputStream out) {
        long liveTasks = 0;
        List<Source> dumpable = new ArrayList<>();
        List<Source> countedOnly = new ArrayList<>();
        for (Source source : sources) {
            liveTasks += live(source.group());
            (source.group().dumpable() ? dumpable : countedOnly).add(source);
        }
        List<String> unavailable = new ArrayList<>();
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberProperty("page", page);
            json.writeNumberProperty("size", size);
            json.writeNumberProperty("liveTasks", liveTasks);
            json.writeNumberProperty("groups", sources.size());
            json.writeArrayPropertyStart("tasks");
            long skip = page * size;
            int left = size;
            List<TaskDump> chunk = new ArrayList<>(Math.min(CHUNK, size));
            for (Source source : dumpable) {
                if (left == 0) {
                    break;
                }
                long inGroup = live(source.group());
                if (skip >= inGroup && inGroup > 0) {
                    skip -= inGroup;
                    continue;
                }
                long cursor = 0;
                try {
                    do {
                        chunk.clear();
                        cursor = source.group().dump(cursor, skip, Math.min(CHUNK, left), chunk::add);
                        skip = 0;
                        for (TaskDump task : chunk) {
                            writeTask(json, task, source.jobId());
                        }
                        left -= chunk.size();
                        json.flush();
                    } while (cursor >= 0 && left > 0);
                } catch (IllegalStateException busy) {
                    unavailable.add(source.group().kind().label() + (source.jobId() == null ? "" : " job " + source.jobId())
                            + ": " + busy.getMessage());
                }
            }
            json.writeEndArray();
            if (!countedOnly.isEmpty()) {
                // groups that cannot list their tasks (pipelines so far) still show how many they have
                json.writeArrayPropertyStart("notListed");
                for (Source source : countedOnly) {
                    json.writeStartObject();
                    json.writeStringProperty("kind", source.group().kind().label());
                    if (source.jobId() != null) {
                        json.writeStringProperty("jobId", source.jobId().toString());
                    }
                    json.writeNumberProperty("liveTasks", live(source.group()));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            if (!unavailable.isEmpty()) {
                json.writeArrayPropertyStart("unavailable");
                for (String reason : unavailable) {
                    json.writeString(reason);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    private static long live(TaskGroup group) {
        long total = 0;
        for (TaskState state : TaskState.values()) {
            total += group.count(state);
        }
        return total;
    }

    private static void writeTask(JsonGenerator json, TaskDump task, UUID jobId) {
        json.writeStartObject();
        json.writeStringProperty("kind", task.kind().label());
        if (jobId != null) {
            json.writeStringProperty("jobId", jobId.toString());
        }
        json.writeNumberProperty("id", task.id());
        json.writeStringProperty("name", task.name());
        json.writeNumberProperty("parent", task.parent());
        json.writeStringProperty("state", task.state().label());
        if (task.waitsOn() != null) {
            json.writeName("waitsOn");
            json.writeStartObject();
            switch (task.waitsOn()) {
                case WaitTarget.Task t -> json.writeNumberProperty("task", t.tid());
                case WaitTarget.Tick t -> json.writeNumberProperty("tick", t.tick());
                case WaitTarget.Socket s -> json.writeStringProperty("socket", s.address());
                case WaitTarget.Queue q -> json.writeStringProperty("queue", q.name());
            }
            json.writeEndObject();
        }
        json.writeNumberProperty("runs", task.runs());
        json.writeNumberProperty("sinceLastRun", task.sinceLastRun());
        json.writeStringProperty("clock", task.clock() == TaskDump.Clock.TICKS ? "ticks" : "ms");
        json.writeArrayPropertyStart("chain");
        for (String name : task.chain()) {
            json.writeString(name);
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
