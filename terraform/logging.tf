# The functions write one JSON object per line on stderr (shared/log); OCI Functions forwards those lines to
# OCI Logging only when the application has an invocation log. Without it, a failed night leaves nothing
# to read but run_summary.json.
resource "oci_logging_log_group" "functions" {
  count          = var.enable_function_logs ? 1 : 0
  compartment_id = var.compartment_ocid
  display_name   = "${var.application_name}-logs"
  description    = "Logs of the oci-inventory functions."
  freeform_tags  = var.freeform_tags
}

resource "oci_logging_log" "invocations" {
  count              = var.enable_function_logs ? 1 : 0
  display_name       = "${var.application_name}-invoke"
  log_group_id       = oci_logging_log_group.functions[0].id
  log_type           = "SERVICE"
  is_enabled         = true
  retention_duration = var.function_log_retention_days
  freeform_tags      = var.freeform_tags

  configuration {
    compartment_id = var.compartment_ocid

    source {
      category    = "invoke"
      resource    = oci_functions_application.inventory.id
      service     = "functions"
      source_type = "OCISERVICE"
    }
  }
}
