# Inputs of the deployment. Every variable has a description (test/terraform.test.ts checks it), and every
# value OCI or the functions would reject later is rejected here first, with a message naming the limit.

# --- Where --------------------------------------------------------------------------------------------

variable "tenancy_ocid" {
  description = "OCID of the tenancy to inventory. Tenancy-wide read policies and the dynamic group are created in it."
  type        = string

  validation {
    condition     = can(regex("^ocid1\\.tenancy\\.oc[0-9]+\\.\\.[a-z0-9]+$", var.tenancy_ocid))
    error_message = "The tenancy_ocid must look like ocid1.tenancy.oc1..<unique id>."
  }
}

variable "compartment_ocid" {
  description = "OCID of the compartment that holds the bucket, the functions application, the functions and the schedule (the tenancy OCID for the root compartment)."
  type        = string

  validation {
    condition     = can(regex("^ocid1\\.(compartment|tenancy)\\.oc[0-9]+\\.\\.[a-z0-9]+$", var.compartment_ocid))
    error_message = "The compartment_ocid must look like ocid1.compartment.oc1..<unique id> (or a tenancy OCID for the root compartment)."
  }
}

variable "region" {
  description = "Region of the deployment (bucket, functions, schedule), e.g. eu-frankfurt-1. The functions inventory every subscribed region from here."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2,}-[a-z]+(-[a-z]+)*-[0-9]+$", var.region))
    error_message = "The region must be a region id like us-ashburn-1."
  }
}

variable "home_region" {
  description = "The tenancy's home region, where IAM (dynamic group, policies) must be written. Null: same as region."
  type        = string
  default     = null

  validation {
    condition     = var.home_region == null || can(regex("^[a-z]{2,}-[a-z]+(-[a-z]+)*-[0-9]+$", var.home_region))
    error_message = "The home_region must be null or a region id like us-ashburn-1."
  }
}

variable "oci_config_profile" {
  description = "Profile of ~/.oci/config the provider authenticates with. Null: the provider's default (DEFAULT)."
  type        = string
  default     = null
}

variable "subnet_ocid" {
  description = "OCID of the subnet of the functions application. It needs egress to the OCI public APIs of every subscribed region (a NAT gateway; a service gateway reaches only its own region)."
  type        = string

  validation {
    condition     = can(regex("^ocid1\\.subnet\\.oc[0-9]+\\.[a-z0-9-]+\\.[a-z0-9]+$", var.subnet_ocid))
    error_message = "The subnet_ocid must look like ocid1.subnet.oc1.<region>.<unique id>."
  }
}

variable "application_name" {
  description = "Display name of the functions application (what `fn invoke <app> coordinator` names). Matches the name in func.yaml."
  type        = string
  default     = "oci-inventory"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{0,254}$", var.application_name))
    error_message = "The application_name must start with a letter and hold only letters, digits, '-' and '_' (at most 255 characters)."
  }
}

variable "application_shape" {
  description = "Processor architecture of the functions application; it must match the architecture the image was built for."
  type        = string
  default     = "GENERIC_X86"

  validation {
    condition     = contains(["GENERIC_X86", "GENERIC_ARM", "GENERIC_X86_ARM"], var.application_shape)
    error_message = "The application_shape must be GENERIC_X86, GENERIC_ARM or GENERIC_X86_ARM."
  }
}

# --- What runs ----------------------------------------------------------------------------------------

variable "image" {
  description = "The function image in OCI Registry, with a tag and optionally a digest: <region-key>.ocir.io/<namespace>/<repository>:<tag>[@sha256:<64 hex>]. The same image serves the three functions."
  type        = string

  validation {
    condition = can(regex(
      "^([a-z0-9-]+\\.ocir\\.io|ocir\\.[a-z0-9-]+\\.oci\\.oraclecloud\\.com)/[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}(@sha256:[a-f0-9]{64})?$",
      var.image,
    ))
    error_message = "The image must be an OCI Registry path with a tag, e.g. fra.ocir.io/mynamespace/oci-inventory/oci-inventory:0.1.0, optionally followed by @sha256:<64 hex digits>."
  }
}

variable "inventory_query" {
  description = "Resource Search structured query each run uses (INVENTORY_QUERY of the coordinator)."
  type        = string
  default     = "query all resources"

  validation {
    condition     = can(regex("^\\s*query\\s", var.inventory_query)) && length(var.inventory_query) <= 2000
    error_message = "The inventory_query must be a Structured Search query starting with \"query\", at most 2000 characters (function configuration is limited to 4 KB in total)."
  }
}

variable "inventory_regions" {
  description = "Regions to inventory (INVENTORY_REGIONS of the coordinator). Empty: every subscribed region."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for region in var.inventory_regions : can(regex("^[a-z]{2,}-[a-z]+(-[a-z]+)*-[0-9]+$", region))])
    error_message = "Every entry of inventory_regions must be a region id like us-ashburn-1."
  }
}

variable "workers_enrich" {
  description = "Enrichment calls in parallel in each region function (INVENTORY_WORKERS_ENRICH of the coordinator, recorded in each run's manifest). Lower it when a run is throttled."
  type        = number
  default     = 16

  validation {
    condition     = var.workers_enrich == floor(var.workers_enrich) && var.workers_enrich >= 1 && var.workers_enrich <= 256
    error_message = "The workers_enrich must be an integer from 1 to 256."
  }
}

variable "run_deadline_minutes" {
  description = "Minutes after a run starts after which a merge may finalize it without the regions that have not finished (INVENTORY_RUN_DEADLINE_MINUTES of the coordinator)."
  type        = number
  default     = 60

  validation {
    condition     = var.run_deadline_minutes == floor(var.run_deadline_minutes) && var.run_deadline_minutes >= 1 && var.run_deadline_minutes <= 1440
    error_message = "The run_deadline_minutes must be an integer from 1 to 1440."
  }
}

# --- Function sizes and timeouts (OCI limits: memory 128..3072 MB in the listed steps, sync timeout <= 300 s,
# --- detached timeout 5..3600 s). Defaults: func.yaml's memory (1024) and timeout (300); the merge gets 2048
# --- because /tmp is a quarter of the memory and the merge holds the most files.

variable "coordinator_memory_mb" {
  description = "Memory of the coordinator function, in MB (one of 128, 256, 512, 1024, 2048, 3072)."
  type        = number
  default     = 1024

  validation {
    condition     = contains([128, 256, 512, 1024, 2048, 3072], var.coordinator_memory_mb)
    error_message = "OCI Functions memory must be one of 128, 256, 512, 1024, 2048, 3072 MB."
  }
}

variable "region_memory_mb" {
  description = "Memory of the region function, in MB (one of 128, 256, 512, 1024, 2048, 3072). It sorts and writes one region's inventory."
  type        = number
  default     = 1024

  validation {
    condition     = contains([128, 256, 512, 1024, 2048, 3072], var.region_memory_mb)
    error_message = "OCI Functions memory must be one of 128, 256, 512, 1024, 2048, 3072 MB."
  }
}

variable "merge_memory_mb" {
  description = "Memory of the merge function, in MB (one of 128, 256, 512, 1024, 2048, 3072). Its /tmp is a quarter of it and holds every region's shard, the previous inventory and the new artifacts at once (docs/operate.md, Limits)."
  type        = number
  default     = 2048

  validation {
    condition     = contains([128, 256, 512, 1024, 2048, 3072], var.merge_memory_mb)
    error_message = "OCI Functions memory must be one of 128, 256, 512, 1024, 2048, 3072 MB."
  }
}

variable "coordinator_timeout_seconds" {
  description = "Timeout of a synchronous invocation of the coordinator (fn invoke, oci fn function invoke), in seconds; at most 300."
  type        = number
  default     = 300

  validation {
    condition     = var.coordinator_timeout_seconds == floor(var.coordinator_timeout_seconds) && var.coordinator_timeout_seconds >= 5 && var.coordinator_timeout_seconds <= 300
    error_message = "The synchronous timeout of a function must be an integer from 5 to 300 seconds."
  }
}

variable "region_timeout_seconds" {
  description = "Timeout of a synchronous invocation of the region function, in seconds; at most 300. Runs use detached invocations (region_detached_timeout_seconds)."
  type        = number
  default     = 300

  validation {
    condition     = var.region_timeout_seconds == floor(var.region_timeout_seconds) && var.region_timeout_seconds >= 5 && var.region_timeout_seconds <= 300
    error_message = "The synchronous timeout of a function must be an integer from 5 to 300 seconds."
  }
}

variable "merge_timeout_seconds" {
  description = "Timeout of a synchronous invocation of the merge function, in seconds; at most 300. Runs use detached invocations (merge_detached_timeout_seconds)."
  type        = number
  default     = 300

  validation {
    condition     = var.merge_timeout_seconds == floor(var.merge_timeout_seconds) && var.merge_timeout_seconds >= 5 && var.merge_timeout_seconds <= 300
    error_message = "The synchronous timeout of a function must be an integer from 5 to 300 seconds."
  }
}

variable "coordinator_detached_timeout_seconds" {
  description = "Timeout of a detached invocation of the coordinator (the nightly schedule), in seconds, 5 to 3600."
  type        = number
  default     = 300

  validation {
    condition     = var.coordinator_detached_timeout_seconds == floor(var.coordinator_detached_timeout_seconds) && var.coordinator_detached_timeout_seconds >= 5 && var.coordinator_detached_timeout_seconds <= 3600
    error_message = "The detached timeout of a function must be an integer from 5 to 3600 seconds."
  }
}

variable "region_detached_timeout_seconds" {
  description = "Timeout of a detached invocation of the region function (how long one region may take), in seconds, 5 to 3600."
  type        = number
  default     = 3600

  validation {
    condition     = var.region_detached_timeout_seconds == floor(var.region_detached_timeout_seconds) && var.region_detached_timeout_seconds >= 5 && var.region_detached_timeout_seconds <= 3600
    error_message = "The detached timeout of a function must be an integer from 5 to 3600 seconds."
  }
}

variable "merge_detached_timeout_seconds" {
  description = "Timeout of a detached invocation of the merge function (how long merging and diffing may take), in seconds, 5 to 3600."
  type        = number
  default     = 3600

  validation {
    condition     = var.merge_detached_timeout_seconds == floor(var.merge_detached_timeout_seconds) && var.merge_detached_timeout_seconds >= 5 && var.merge_detached_timeout_seconds <= 3600
    error_message = "The detached timeout of a function must be an integer from 5 to 3600 seconds."
  }
}

# --- The bucket -----------------------------------------------------------------------------------------

variable "bucket_name" {
  description = "Name of the Object Storage bucket the runs are written to (created here, private and versioned)."
  type        = string
  default     = "oci-inventory"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,256}$", var.bucket_name))
    error_message = "The bucket_name must be 1 to 256 letters, digits, '-', '_' or '.'."
  }
}

variable "bucket_prefix" {
  description = "Folder of the runs inside the bucket (INVENTORY_PREFIX): empty for the bucket root, otherwise URL-safe characters ending with '/', e.g. inventory/."
  type        = string
  default     = ""

  validation {
    condition     = var.bucket_prefix == "" || (can(regex("^[A-Za-z0-9._/-]+/$", var.bucket_prefix)) && !startswith(var.bucket_prefix, "/"))
    error_message = "The bucket_prefix must be empty, or [A-Za-z0-9._/-] characters that do not start with '/' and end with '/'."
  }
}

variable "retention_days" {
  description = "Days a run's objects (under <prefix>runs/) are kept before the lifecycle policy deletes them. Keep it longer than any outage: the next merge diffs against the run latest.json points at."
  type        = number
  default     = 90

  validation {
    condition     = var.retention_days == floor(var.retention_days) && var.retention_days >= 7 && var.retention_days <= 36500
    error_message = "The retention_days must be an integer from 7 to 36500."
  }
}

variable "previous_version_retention_days" {
  description = "Days a previous (overwritten or deleted) object version is kept before the lifecycle policy deletes it. The bucket is versioned: without this, every deleted run and every old latest.json would be kept forever."
  type        = number
  default     = 7

  validation {
    condition     = var.previous_version_retention_days == floor(var.previous_version_retention_days) && var.previous_version_retention_days >= 1 && var.previous_version_retention_days <= 36500
    error_message = "The previous_version_retention_days must be an integer from 1 to 36500."
  }
}

variable "kms_key_id" {
  description = "Optional OCID of a Vault master encryption key for the bucket. Null: Oracle-managed encryption."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_id == null || can(regex("^ocid1\\.key\\.oc[0-9]+\\.[a-z0-9-]+\\.[a-z0-9]+\\.[a-z0-9]+$", var.kms_key_id))
    error_message = "The kms_key_id must be null or a key OCID like ocid1.key.oc1.<region>.<vault>.<unique id>."
  }
}

# --- The nightly trigger ---------------------------------------------------------------------------------

variable "schedule_cron" {
  description = "When the nightly run starts: a 5-field UNIX cron expression for the Resource Scheduler schedule (minute hour day-of-month month day-of-week, UTC)."
  type        = string
  default     = "0 2 * * *"

  validation {
    condition     = can(regex("^\\S+ \\S+ \\S+ \\S+ \\S+$", trimspace(var.schedule_cron)))
    error_message = "The schedule_cron must have exactly five space-separated fields, e.g. \"0 2 * * *\" for 02:00 every day."
  }
}

variable "schedule_enabled" {
  description = "Whether the nightly schedule is active (false creates it INACTIVE, e.g. while testing with manual runs)."
  type        = bool
  default     = true
}

# --- IAM ---------------------------------------------------------------------------------------------------

variable "enrichment_read_access" {
  description = "Grant the functions `read all-resources` in the tenancy (minus excluded_read_permissions) so enrichers can GET each resource. False: `inspect` only (Search results, no enrichment details; records end as ERROR or NOT_FOUND)."
  type        = bool
  default     = true
}

variable "excluded_read_permissions" {
  description = "Permissions carved out of the tenancy-wide read statement: those that read data rather than metadata (object contents, secret contents, log contents)."
  type        = list(string)
  default     = ["OBJECT_READ", "SECRET_BUNDLE_READ", "LOG_CONTENT_READ"]

  validation {
    condition     = length(var.excluded_read_permissions) > 0 && alltrue([for permission in var.excluded_read_permissions : can(regex("^[A-Z][A-Z0-9_]*$", permission))])
    error_message = "The excluded_read_permissions must be a non-empty list of IAM permission names like OBJECT_READ."
  }
}

variable "create_functions_service_policy" {
  description = "Create the policy that lets the OCI Functions service (faas) use the subnet's network and pull the image from OCI Registry. False if the tenancy already has it."
  type        = bool
  default     = true
}

# --- Logs and tags -------------------------------------------------------------------------------------------

variable "enable_function_logs" {
  description = "Create a log group and a Functions invocation log for the application, so that the functions' JSON log lines (stderr) land in OCI Logging."
  type        = bool
  default     = true
}

variable "function_log_retention_days" {
  description = "Retention of the function invocation log, in days (30, 60, 90, 120, 150 or 180)."
  type        = number
  default     = 30

  validation {
    condition     = contains([30, 60, 90, 120, 150, 180], var.function_log_retention_days)
    error_message = "The function_log_retention_days must be 30, 60, 90, 120, 150 or 180."
  }
}

variable "freeform_tags" {
  description = "Free-form tags added to every resource created here."
  type        = map(string)
  default     = {}
}
