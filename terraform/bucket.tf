# The run bucket (layout: docs/operate.md, shared/bucket/run-layout.ts, shared/serverless/run-objects.ts):
#
#   <prefix>latest.json                 the newest complete run
#   <prefix>runs/<runId>/...            a run: manifest, per-region shards and markers, merged artifacts
#
# - Private: no public access of any kind; readers authenticate (oci-inventory fetch, the OCI CLI).
# - Versioned: an overwritten latest.json or a deleted run can be recovered for
#   var.previous_version_retention_days. The functions' conditional writes (if-none-match, if-match) work
#   the same on a versioned bucket.
# - No object events: the functions call each other directly (coordinator -> region -> merge, detached
#   invocations), so nothing reacts to object creation. Events would only add cost and a second trigger path.
resource "oci_objectstorage_bucket" "runs" {
  compartment_id        = var.compartment_ocid
  namespace             = local.namespace
  name                  = var.bucket_name
  access_type           = "NoPublicAccess"
  versioning            = "Enabled"
  object_events_enabled = false
  storage_tier          = "Standard"
  kms_key_id            = var.kms_key_id
  freeform_tags         = var.freeform_tags

  # The Object Storage service must be allowed to use the key before the bucket can be created with it.
  depends_on = [oci_identity_policy.object_storage_kms]
}

# Retention. Object Storage runs these rules itself, with the permissions in oci_identity_policy.object_storage_service.
#
# On a versioned bucket, deleting an object only makes its current version "previous": the first rule ages out
# runs, the second removes previous versions (of expired runs, of every overwritten latest.json, of deleted
# merge locks and duplicate shards), the third cleans up uploads that a killed function left unfinished.
# A run is therefore gone for good retention_days + previous_version_retention_days after it was written.
resource "oci_objectstorage_object_lifecycle_policy" "runs" {
  namespace = local.namespace
  bucket    = oci_objectstorage_bucket.runs.name

  rules {
    name        = "expire-runs"
    action      = "DELETE"
    target      = "objects"
    is_enabled  = true
    time_amount = var.retention_days
    time_unit   = "DAYS"

    object_name_filter {
      inclusion_prefixes = ["${var.bucket_prefix}runs/"]
    }
  }

  rules {
    name        = "expire-previous-versions"
    action      = "DELETE"
    target      = "previous-object-versions"
    is_enabled  = true
    time_amount = var.previous_version_retention_days
    time_unit   = "DAYS"

    dynamic "object_name_filter" {
      for_each = var.bucket_prefix == "" ? [] : [var.bucket_prefix]
      content {
        inclusion_prefixes = [object_name_filter.value]
      }
    }
  }

  rules {
    name        = "abort-stale-multipart-uploads"
    action      = "ABORT"
    target      = "multipart-uploads"
    is_enabled  = true
    time_amount = 2
    time_unit   = "DAYS"
  }

  depends_on = [oci_identity_policy.object_storage_service]
}
