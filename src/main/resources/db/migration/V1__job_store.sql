-- The job store (docs/jobs.md). Every replica reads and writes these tables; the database's clock (now())
-- is the only clock that leases and timestamps use.

CREATE TABLE jobs (
    id               uuid        PRIMARY KEY,
    seq              bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,   -- submission order: newest first, FIFO claims
    type             text        NOT NULL,
    owner            text,
    state            text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    request          jsonb,
    input_ref        text,
    attempt          integer     NOT NULL DEFAULT 0,                  -- claims so far; fences every write of a worker
    max_attempts     integer     NOT NULL CHECK (max_attempts >= 1),
    worker           text,
    lease_expires_at timestamptz,
    progress         jsonb,
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    cancel_requested boolean     NOT NULL DEFAULT false,
    timeout_ms       bigint,
    traceparent      text,
    error            jsonb,
    idempotency_key  text,
    result_size      bigint
);

-- Idempotency keys are unique per owner and type across all replicas; a pruned job frees its key.
CREATE UNIQUE INDEX jobs_idempotency ON jobs (coalesce(owner, ''), type, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- Claiming: the oldest queued jobs.
CREATE INDEX jobs_queued ON jobs (seq) WHERE state = 'QUEUED';
-- Rescue: running jobs by lease expiry.
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE state = 'RUNNING';
-- The list, newest first, with its filters; retention by finish time.
CREATE INDEX jobs_newest ON jobs (seq DESC);
CREATE INDEX jobs_type_newest ON jobs (type, seq DESC);
CREATE INDEX jobs_state_newest ON jobs (state, seq DESC);
CREATE INDEX jobs_owner_newest ON jobs (owner, seq DESC);
CREATE INDEX jobs_finished ON jobs (state, finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX jobs_active_owner ON jobs (owner) WHERE state IN ('QUEUED', 'RUNNING');

-- Results live apart from jobs so that no list query reads them; gzip-compressed JSON.
CREATE TABLE job_results (
    job_id uuid  PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    gzip   bytea NOT NULL
);

-- One row per state change or progress update, written by the trigger below in the transaction that made the
-- change; event streams (SSE) read them after a Last-Event-ID.
CREATE TABLE job_events (
    id       bigserial PRIMARY KEY,
    job_id   uuid      NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    snapshot jsonb     NOT NULL
);
CREATE INDEX job_events_job ON job_events (job_id, id);

-- Uploaded inputs (log files up to about 1 GB), stored in chunks so that nothing holds one whole in memory.
CREATE TABLE job_inputs (
    id         text        PRIMARY KEY,
    size       bigint      NOT NULL DEFAULT 0,
    complete   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE job_input_chunks (
    input_id text    NOT NULL REFERENCES job_inputs (id) ON DELETE CASCADE,
    seq      integer NOT NULL,
    data     bytea   NOT NULL,
    PRIMARY KEY (input_id, seq)
);

-- Simulation trace spools, in chunks, readable from any replica.
CREATE TABLE job_trace_chunks (
    job_id uuid    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq    integer NOT NULL,
    data   bytea   NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- Events and notifications for every change of a job, whichever statement made it. NOTIFY payloads stay small
-- (ids only): listeners read what changed from the tables.
CREATE FUNCTION jobs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_id bigint;
BEGIN
    IF TG_OP = 'INSERT'
            OR NEW.state IS DISTINCT FROM OLD.state
            OR NEW.attempt IS DISTINCT FROM OLD.attempt
            OR NEW.progress IS DISTINCT FROM OLD.progress THEN
        INSERT INTO job_events (job_id, snapshot)
        VALUES (NEW.id, jsonb_build_object(
                'state', NEW.state, 'attempt', NEW.attempt, 'worker', NEW.worker,
                'progress', NEW.progress, 'error', NEW.error,
                'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at))
        RETURNING id INTO event_id;
        PERFORM pg_notify('corojobs_events', NEW.id::text || ' ' || event_id);
    END IF;
    IF NEW.state = 'QUEUED' AND (TG_OP = 'INSERT' OR OLD.state <> 'QUEUED') THEN
        PERFORM pg_notify('corojobs_queued', '');
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.state = 'RUNNING' AND NEW.cancel_requested AND NOT OLD.cancel_requested THEN
        PERFORM pg_notify('corojobs_cancel', NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_changed AFTER INSERT OR UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_changed();
