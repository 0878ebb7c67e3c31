# The nightly trigger: an OCI Resource Scheduler schedule that starts (invokes) the coordinator.
#
# Why Resource Scheduler and not Events: Events rules react to something happening (an object written, a
# resource changed); nothing happens at 02:00 that could trigger a run. A schedule is the time-based
# trigger OCI offers for functions. The coordinator accepts what the scheduler sends (an empty body or a
# CloudEvents-style envelope) as "start a run with the configured defaults" (shared/serverless/payloads.ts).
resource "oci_resource_scheduler_schedule" "nightly" {
  compartment_id     = var.compartment_ocid
  display_name       = "${var.application_name}-nightly"
  description        = "Starts the oci-inventory coordinator function (${var.schedule_cron}, UTC)."
  action             = "START_RESOURCE"
  recurrence_type    = "CRON"
  recurrence_details = trimspace(var.schedule_cron)
  state              = var.schedule_enabled ? "ACTIVE" : "INACTIVE"
  freeform_tags      = var.freeform_tags

  resources {
    id = oci_functions_function.coordinator.id
  }
}

# A schedule has no permissions of its own: it acts as its own principal (type 'resourceschedule'), which
# policies name with `any-user` and conditions on the principal. Both statements are limited to this one
# schedule, and the invocation to the coordinator.
resource "oci_identity_policy" "scheduler" {
  provider       = oci.home
  compartment_id = var.compartment_ocid
  name           = "${var.application_name}-scheduler"
  description    = "The oci-inventory nightly schedule: invoke the coordinator function."
  freeform_tags  = var.freeform_tags

  statements = [
    # Invoke the coordinator, and no other function, as this schedule.
    "Allow any-user to use fn-invocation in ${local.compartment_scope} where all {request.principal.type = 'resourceschedule', request.principal.id = '${oci_resource_scheduler_schedule.nightly.id}', target.function.id = '${oci_functions_function.coordinator.id}'}",
    # Look up the function the schedule starts (its invoke endpoint): function metadata only, in this compartment.
    "Allow any-user to read fn-function in ${local.compartment_scope} where all {request.principal.type = 'resourceschedule', request.principal.id = '${oci_resource_scheduler_schedule.nightly.id}'}",
  ]
}
