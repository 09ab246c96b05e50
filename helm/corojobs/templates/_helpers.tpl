{{/* Chart name, overridable. */}}
{{- define "corojobs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release-chart unless the release name already contains the chart name. */}}
{{- define "corojobs.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "corojobs.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "corojobs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "corojobs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "corojobs.labels" -}}
helm.sh/chart: {{ include "corojobs.chart" . }}
{{ include "corojobs.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Extra labels of a monitoring object: the kube-prometheus-stack release label (monitoring.release) and the
object's own labels, which win. Called with (dict "root" $ "labels" .Values.x.labels).
*/}}
{{- define "corojobs.monitoringLabels" -}}
{{- $labels := dict }}
{{- with .root.Values.monitoring.release }}
{{- $_ := set $labels "release" . }}
{{- end }}
{{- $labels = mergeOverwrite $labels (deepCopy (.labels | default dict)) }}
{{- with $labels }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/* Name of the data volume's claim. */}}
{{- define "corojobs.dataClaim" -}}
{{- default (printf "%s-data" (include "corojobs.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/*
The application.yaml the ConfigMap carries: the user's `config`, overridden by the keys the chart owns
(ports, shutdown timeouts, data dir) so that the pod spec and the application agree.
*/}}
{{- define "corojobs.applicationConfig" -}}
{{- $s := .Values.shutdown }}
{{- $owned := dict
  "server" (dict "port" (int .Values.containerPorts.http) "shutdown" "graceful")
  "spring" (dict "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int $s.phaseTimeoutSeconds))))
  "corojobs" (dict
    "jobs" (dict "shutdown-grace" (printf "%ds" (int $s.jobsGraceSeconds)))
    "tcp" (dict "port" (int .Values.containerPorts.tcp) "shutdown-timeout" (printf "%ds" (int $s.tcpDrainSeconds)))) }}
{{- if .Values.persistence.enabled }}
{{- $_ := set $owned.corojobs "pipeline" (dict "data-dir" .Values.persistence.mountPath) }}
{{- end }}
{{- if not .Values.store.external.url }}
{{- $_ := set $owned.corojobs "store" (dict "embedded" (dict "data-dir" .Values.store.embedded.dataDir)) }}
{{- end }}
{{- with .Values.logFormat }}
{{- $_ := set $owned "logging" (dict "structured" (dict "format" (dict "console" .))) }}
{{- end }}
{{- toYaml (mergeOverwrite (deepCopy (.Values.config | default dict)) $owned) }}
{{- end }}

{{/*
Fails the render when the pod would be killed before the application's own shutdown can finish. Spring stops
the job service first (running jobs get jobsGraceSeconds, then are cancelled), then the HTTP and TCP servers
drain side by side in one phase bounded by phaseTimeoutSeconds; 10 s more cover the cancelled jobs acknowledging (the job service waits up to 10 s) and JVM exit.
*/}}
{{- define "corojobs.validateShutdown" -}}
{{- $s := .Values.shutdown }}
{{- if gt (int $s.tcpDrainSeconds) (int $s.phaseTimeoutSeconds) }}
{{- fail (printf "shutdown.tcpDrainSeconds (%d) must not exceed shutdown.phaseTimeoutSeconds (%d): the TCP drain runs inside a shutdown phase, which Spring cuts off after that timeout" (int $s.tcpDrainSeconds) (int $s.phaseTimeoutSeconds)) }}
{{- end }}
{{- $needed := add $s.preStopSleepSeconds $s.jobsGraceSeconds $s.phaseTimeoutSeconds 10 }}
{{- if le (int $s.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + jobsGraceSeconds + phaseTimeoutSeconds + 10 (%d), or Kubernetes kills the pod before running jobs are cancelled and recorded" (int $s.terminationGracePeriodSeconds) (int $needed)) }}
{{- end }}
{{- end }}

{{/*
Several replicas share jobs only through an external PostgreSQL: an embedded one lives in a single pod.
*/}}
{{- define "corojobs.validateStore" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.store.external.url) }}
{{- fail (printf "replicaCount %d needs store.external.url (a PostgreSQL every replica shares): the embedded store lives in one pod, so other replicas would not see its jobs" (int .Values.replicaCount)) }}
{{- end }}
{{- if and .Values.store.external.url (not .Values.store.external.passwordSecret.name) }}
{{- fail "store.external.url needs store.external.passwordSecret.name: the Secret holding the database password" }}
{{- end }}
{{- end }}
