{{/* The security settings as an application.yaml: API keys and the JWT issuer (docs/security.md). */}}
{{- define "corojobs.securityConfig" -}}
{{- $config := dict -}}
{{- if .Values.security.apiKeys }}
{{- $_ := set $config "corojobs" (dict "security" (dict "api-keys" .Values.security.apiKeys)) }}
{{- end }}
{{- $jwt := dict }}
{{- with .Values.security.jwt.issuerUri }}{{ $_ := set $jwt "issuer-uri" . }}{{ end }}
{{- with .Values.security.jwt.jwkSetUri }}{{ $_ := set $jwt "jwk-set-uri" . }}{{ end }}
{{- if $jwt }}
{{- $_ := set $config "spring" (dict "security" (dict "oauth2" (dict "resourceserver" (dict "jwt" $jwt)))) }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/* "true" when keys or an issuer come from a Secret; otherwise the app generates an admin key. */}}
{{- define "corojobs.hasSecuritySecret" -}}
{{- if or .Values.security.existingSecret .Values.security.apiKeys .Values.security.jwt.issuerUri .Values.security.jwt.jwkSetUri -}}
true
{{- end -}}
{{- end }}

{{- define "corojobs.securitySecretName" -}}
{{- .Values.security.existingSecret | default (printf "%s-security" (include "corojobs.fullname" .)) -}}
{{- end }}
