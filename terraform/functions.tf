# One application, three functions from the same image. INVENTORY_ROLE tells the handler which role it plays;
# the other keys are exactly what that role reads (shared/serverless/function-config.ts, CONFIG_KEYS and
# REQUIRED_KEYS; test/terraform.test.ts keeps the two in step).
#
# Who calls whom:  schedule -> coordinator -> region (one detached call per region) -> merge
#                  coordinator -> merge (finalizing runs left unmerged past their deadline)
# A function needs the OCID and invoke endpoint of the functions it calls, so they are created in the order
# merge -> region -> coordinator: every reference points at a function that already exists, and there is no cycle.
#
# Not set, on purpose: INVENTORY_BUCKET_REGION (the bucket is in the functions' own region) and
# INVENTORY_ENDPOINT_TEMPLATE (only for the local emulator or private endpoints).

resource "oci_functions_application" "inventory" {
  compartment_id = var.compartment_ocid
  display_name   = var.application_name
  subnet_ids     = [var.subnet_ocid]
  shape          = var.application_shape
  freeform_tags  = var.freeform_tags

  # The Functions service must be allowed to use the subnet (and later to pull the image) first.
  depends_on = [oci_identity_policy.functions_service]
}

# merge: waits for every region's completion marker (or the deadline, or finalize), merges the shards,
# diffs against the previous complete run, writes the artifacts and moves latest.json. Calls no function.
resource "oci_functions_function" "merge" {
  application_id                   = oci_functions_application.inventory.id
  display_name                     = "merge"
  image                            = local.image
  image_digest                     = local.image_digest
  memory_in_mbs                    = var.merge_memory_mb
  timeout_in_seconds               = var.merge_timeout_seconds
  detached_mode_timeout_in_seconds = var.merge_detached_timeout_seconds
  freeform_tags                    = var.freeform_tags

  config = {
    INVENTORY_ROLE      = "merge"
    INVENTORY_BUCKET    = oci_objectstorage_bucket.runs.name
    INVENTORY_NAMESPACE = local.namespace
    INVENTORY_PREFIX    = var.bucket_prefix
  }
}

# region: one region of a run (Search, enrichment, sorted shards, completion marker), then starts the merge.
# Query and enrichment concurrency come from the run's manifest, written by the coordinator.
resource "oci_functions_function" "region" {
  application_id                   = oci_functions_application.inventory.id
  display_name                     = "region"
  image                            = local.image
  image_digest                     = local.image_digest
  memory_in_mbs                    = var.region_memory_mb
  timeout_in_seconds               = var.region_timeout_seconds
  detached_mode_timeout_in_seconds = var.region_detached_timeout_seconds
  freeform_tags                    = var.freeform_tags

  config = {
    INVENTORY_ROLE              = "region"
    INVENTORY_BUCKET            = oci_objectstorage_bucket.runs.name
    INVENTORY_NAMESPACE         = local.namespace
    INVENTORY_PREFIX            = var.bucket_prefix
    INVENTORY_MERGE_FUNCTION_ID = oci_functions_function.merge.id
    INVENTORY_INVOKE_ENDPOINT   = oci_functions_function.merge.invoke_endpoint
  }
}

# coordinator: lists the subscribed regions, writes the run's manifest (query, regions, enrichment workers,
# deadline), starts one region function per region, and finalizes earlier runs left unmerged. It calls both
# region and merge through one INVENTORY_INVOKE_ENDPOINT: functions of one application share their invoke
# endpoint, and the precondition below stops the apply if OCI ever answers otherwise.
resource "oci_functions_function" "coordinator" {
  application_id                   = oci_functions_application.inventory.id
  display_name                     = "coordinator"
  image                            = local.image
  image_digest                     = local.image_digest
  memory_in_mbs                    = var.coordinator_memory_mb
  timeout_in_seconds               = var.coordinator_timeout_seconds
  detached_mode_timeout_in_seconds = var.coordinator_detached_timeout_seconds
  freeform_tags                    = var.freeform_tags

  config = {
    INVENTORY_ROLE                 = "coordinator"
    INVENTORY_BUCKET               = oci_objectstorage_bucket.runs.name
    INVENTORY_NAMESPACE            = local.namespace
    INVENTORY_PREFIX               = var.bucket_prefix
    INVENTORY_REGION_FUNCTION_ID   = oci_functions_function.region.id
    INVENTORY_MERGE_FUNCTION_ID    = oci_functions_function.merge.id
    INVENTORY_INVOKE_ENDPOINT      = oci_functions_function.region.invoke_endpoint
    INVENTORY_QUERY                = var.inventory_query
    INVENTORY_REGIONS              = join(",", var.inventory_regions)
    INVENTORY_WORKERS_ENRICH       = tostring(var.workers_enrich)
    INVENTORY_RUN_DEADLINE_MINUTES = tostring(var.run_deadline_minutes)
  }

  lifecycle {
    precondition {
      condition     = oci_functions_function.region.invoke_endpoint == oci_functions_function.merge.invoke_endpoint
      error_message = "The region and merge functions have different invoke endpoints; the coordinator has only one INVENTORY_INVOKE_ENDPOINT for both."
    }
  }
}
