{{/*
Names, labels and the pieces every Kring pod shares.
*/}}

{{- define "kring.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's base name, at most 63 characters (a DNS label); component names are appended
with a hyphen, so keep release names short.
*/}}
{{- define "kring.fullname" -}}
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

{{- define "kring.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object. Call with (dict "context" $ "component" "web"); component may be empty.
*/}}
{{- define "kring.labels" -}}
helm.sh/chart: {{ include "kring.chart" .context }}
{{ include "kring.selectorLabels" . }}
app.kubernetes.io/version: {{ .context.Values.image.tag | default .context.Chart.AppVersion | toString | replace "+" "_" | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: kring
{{- end }}

{{/*
Selector labels: never change them, a Deployment's selector is immutable.
*/}}
{{- define "kring.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kring.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{- define "kring.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kring.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kring.image" -}}
{{- $repository := required "image.repository is required: the image built from this repository, with the kring console script installed" .Values.image.repository }}
{{- printf "%s:%s" $repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}

{{/*
The existing Secret with KRING_SECRET_KEY and the connection URLs. The chart creates none.
*/}}
{{- define "kring.secretName" -}}
{{- required "existingSecret is required: name a Secret holding KRING_SECRET_KEY, KRING_DATABASE_URL, KRING_MIGRATION_DATABASE_URL and KRING_REDIS_URL (optionally KRING_MAIL_USERNAME, KRING_MAIL_PASSWORD, KRING_SMS_API_KEY, KRING_METRICS_TOKEN and KRING_SENTRY_DSN); see the chart's README.md" .Values.existingSecret }}
{{- end }}

{{/*
The non-secret settings, as the ConfigMap's data. The migration job, which runs before the
ConfigMap exists on a first install, reads the same map as plain env entries.
*/}}
{{- define "kring.configData" -}}
KRING_ENV: "production"
KRING_INSTANCE_PATH: "/var/lib/kring"
KRING_BASE_DOMAIN: {{ .Values.config.baseDomain | toString | quote }}
KRING_PUBLIC_URL: {{ include "kring.publicUrl" . | quote }}
KRING_MAIL_SERVER: {{ .Values.config.mailServer | toString | quote }}
KRING_MAIL_PORT: {{ .Values.config.mailPort | toString | quote }}
KRING_MAIL_SENDER: {{ .Values.config.mailSender | toString | quote }}
KRING_MAIL_USE_TLS: {{ .Values.config.mailUseTls | toString | quote }}
KRING_SMS_PROVIDER: {{ .Values.config.smsProvider | toString | quote }}
KRING_SMS_API_URL: {{ .Values.config.smsApiUrl | toString | quote }}
KRING_SMS_SENDER: {{ .Values.config.smsSender | toString | quote }}
KRING_DISABLED_PLUGINS: {{ .Values.config.disabledPlugins | default list | join "," | quote }}
KRING_DEFAULT_LOCALE: {{ .Values.config.defaultLocale | toString | quote }}
KRING_LOGIN_RATE_LIMIT: {{ .Values.config.loginRateLimit | toString | quote }}
KRING_LOG_FORMAT: {{ .Values.config.logFormat | toString | quote }}
{{- end }}

{{/*
Where people reach Kring: config.publicUrl, else the Ingress's host (https when it has TLS).
*/}}
{{- define "kring.publicUrl" -}}
{{- $host := .Values.ingress.host | default .Values.config.baseDomain -}}
{{- if .Values.config.publicUrl -}}
{{- .Values.config.publicUrl -}}
{{- else if $host -}}
{{- printf "%s://%s" (ternary "https" "http" (not (empty .Values.ingress.tls))) $host -}}
{{- else -}}
http://localhost:8000
{{- end -}}
{{- end }}

{{/*
One env entry reading a key of the existing Secret, e.g. (list $ "KRING_REDIS_URL" false);
the third item makes the key optional.
*/}}
{{- define "kring.secretEnv" -}}
{{- $root := index . 0 -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ include "kring.secretName" $root }}
      key: {{ index . 1 }}
      {{- if index . 2 }}
      optional: true
      {{- end }}
{{- end }}

{{/*
Environment of the web, worker and scheduler containers: the ConfigMap, then the app role's
secrets one key at a time. envFrom on the Secret would also hand them
KRING_MIGRATION_DATABASE_URL, the schema owner, which only the migration job may hold.
Only the web pods, which serve /metrics, read KRING_METRICS_TOKEN.
Call with (dict "context" $ "component" "web").
*/}}
{{- define "kring.appEnv" -}}
{{- $root := .context -}}
envFrom:
  - configMapRef:
      name: {{ include "kring.fullname" $root }}
env:
  - name: PYTHONUNBUFFERED
    value: "1"
  - name: PYTHONDONTWRITEBYTECODE
    value: "1"
{{- include "kring.secretEnv" (list $root "KRING_SECRET_KEY" false) | nindent 2 }}
{{- include "kring.secretEnv" (list $root "KRING_DATABASE_URL" false) | nindent 2 }}
{{- include "kring.secretEnv" (list $root "KRING_REDIS_URL" false) | nindent 2 }}
{{- include "kring.secretEnv" (list $root "KRING_MAIL_USERNAME" true) | nindent 2 }}
{{- include "kring.secretEnv" (list $root "KRING_MAIL_PASSWORD" true) | nindent 2 }}
{{- include "kring.secretEnv" (list $root "KRING_SMS_API_KEY" true) | nindent 2 }}
{{- include "kring.secretEnv" (list $root "KRING_SENTRY_DSN" true) | nindent 2 }}
{{- if eq .component "web" }}
{{- include "kring.secretEnv" (list $root "KRING_METRICS_TOKEN" true) | nindent 2 }}
{{- end }}
{{- with $root.Values.extraEnv }}
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by every Kring pod (after serviceAccountName).
*/}}
{{- define "kring.podSpec" -}}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .Values.volumes.tmpSizeLimit }}
  - name: instance
    emptyDir:
      sizeLimit: {{ .Values.volumes.instanceSizeLimit }}
{{- end }}

{{/*
Container-level settings shared by every Kring container (after name).
*/}}
{{- define "kring.container" -}}
image: {{ include "kring.image" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  - name: instance
    mountPath: /var/lib/kring
{{- end }}

{{/*
Pod annotations: a changed ConfigMap rolls the pods.
*/}}
{{- define "kring.podAnnotations" -}}
checksum/config: {{ include "kring.configData" . | sha256sum }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector of every Kring pod of the release, whatever its component.
*/}}
{{- define "kring.releaseSelector" -}}
app.kubernetes.io/name: {{ include "kring.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
