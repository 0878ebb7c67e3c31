# What an operator needs after `terraform apply`: the OCIDs, the endpoints, the bucket, and the exact commands
# to start a run, finalize one, and download the results (docs/operate.md explains each).

locals {
  fetch_prefix_flag = var.bucket_prefix == "" ? "" : " --prefix ${var.bucket_prefix}"
  bucket_flags      = "--bucket-name ${oci_objectstorage_bucket.runs.name} --namespace ${local.namespace}"
}

output "application_id" {
  description = "OCID of the functions application."
  value       = oci_functions_application.inventory.id
}

output "function_ids" {
  description = "OCIDs of the three functions, by role."
  value = {
    coordinator = oci_functions_function.coordinator.id
    region      = oci_functions_function.region.id
    merge       = oci_functions_function.merge.id
  }
}

output "invoke_endpoints" {
  description = "Invoke endpoints of the three functions, by role."
  value = {
    coordinator = oci_functions_function.coordinator.invoke_endpoint
    region      = oci_functions_function.region.invoke_endpoint
    merge       = oci_functions_function.merge.invoke_endpoint
  }
}

output "bucket_name" {
  description = "The run bucket."
  value       = oci_objectstorage_bucket.runs.name
}

output "bucket_namespace" {
  description = "Object Storage namespace of the run bucket."
  value       = local.namespace
}

output "bucket_prefix" {
  description = "Folder of the runs inside the bucket (empty: the bucket root)."
  value       = var.bucket_prefix
}

output "dynamic_group_name" {
  description = "The dynamic group of the three functions (policies: docs/iam.md)."
  value       = oci_identity_dynamic_group.functions.name
}

output "schedule_id" {
  description = "OCID of the nightly Resource Scheduler schedule."
  value       = oci_resource_scheduler_schedule.nightly.id
}

output "log_group_id" {
  description = "OCID of the functions' log group (null when enable_function_logs is false)."
  value       = var.enable_function_logs ? oci_logging_log_group.functions[0].id : null
}

output "log_id" {
  description = "OCID of the functions' invocation log (null when enable_function_logs is false)."
  value       = var.enable_function_logs ? oci_logging_log.invocations[0].id : null
}

output "fn_invoke_coordinator" {
  description = "Start a run now with the Fn CLI (its context set to this region and compartment): prints the run id."
  value       = "fn invoke ${oci_functions_application.inventory.display_name} ${oci_functions_function.coordinator.display_name}"
}

output "oci_invoke_coordinator" {
  description = "Start a run now with the OCI CLI: prints the coordinator's reply with the run id."
  value       = "oci fn function invoke --function-id ${oci_functions_function.coordinator.id} --file - --body '{}'"
}

output "oci_finalize_run" {
  description = "Merge a partial run with what exists (replace RUN_ID): detached, because a merge may outlast the 300 s of a synchronous call."
  value       = "oci fn function invoke --function-id ${oci_functions_function.merge.id} --fn-invoke-type detached --file - --body '{\"runId\": \"RUN_ID\", \"finalize\": true}'"
}

output "fetch_latest" {
  description = "Download the newest complete run into out/<runId>/ with the oci-inventory CLI."
  value       = "oci-inventory fetch --bucket ${oci_objectstorage_bucket.runs.name} --namespace ${local.namespace}${local.fetch_prefix_flag} --run latest"
}

output "oci_read_latest" {
  description = "Print latest.json (the newest complete run's id) with the OCI CLI."
  value       = "oci os object get ${local.bucket_flags} --name ${var.bucket_prefix}latest.json --file -"
}

output "oci_download_run" {
  description = "Download one run's artifacts with the OCI CLI (replace RUN_ID), without the per-region shards and the lock."
  value       = "oci os object bulk-download ${local.bucket_flags} --prefix ${var.bucket_prefix}runs/RUN_ID/ --download-dir out/ --exclude '${var.bucket_prefix}runs/*/regions/*' --exclude '*.lock'"
}
