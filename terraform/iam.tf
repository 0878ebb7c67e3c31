# Identity of the functions and what it may do. Statement by statement, with the reasons: docs/iam.md.
#
# The functions authenticate as themselves (resource principals). The dynamic group matches exactly these
# three functions by OCID, not "every fnfunc in the compartment": a compartment rule would hand tenancy-wide
# read access and write access to the bucket to any function anybody deploys there later. The price is that
# the group changes when a function is replaced (new OCID); Terraform updates it in the same apply.
#
# Policies never grant `manage` except `manage objects` restricted to this bucket (test/terraform.test.ts
# checks it). IAM is written in the home region (provider oci.home).

locals {
  dynamic_group = "dynamic-group id ${oci_identity_dynamic_group.functions.id}"
  bucket_only   = "where target.bucket.name = '${oci_objectstorage_bucket.runs.name}'"
  read_exclusions = join(", ", [
    for permission in var.excluded_read_permissions : "request.permission != '${permission}'"
  ])
  subnet_scope = (
    data.oci_core_subnet.functions.compartment_id == var.tenancy_ocid
    ? "tenancy"
    : "compartment id ${data.oci_core_subnet.functions.compartment_id}"
  )
}

resource "oci_identity_dynamic_group" "functions" {
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.application_name}-functions"
  description    = "The coordinator, region and merge functions of oci-inventory (application ${var.application_name})."
  matching_rule = format(
    "ANY {resource.id = '%s', resource.id = '%s', resource.id = '%s'}",
    oci_functions_function.coordinator.id,
    oci_functions_function.region.id,
    oci_functions_function.merge.id,
  )
  freeform_tags = var.freeform_tags
}

# Tenancy-wide, read-only: what discovery needs. Attached to the root compartment (it speaks of the tenancy).
resource "oci_identity_policy" "inventory_inspect" {
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.application_name}-inventory-inspect"
  description    = "oci-inventory functions: list and search every resource of the tenancy (metadata only)."
  freeform_tags  = var.freeform_tags

  statements = [
    # Resource Search returns only the resources the caller may inspect: without this, resources silently
    # disappear from the inventory. inspect = list-level metadata, no GETs, no contents.
    "Allow ${local.dynamic_group} to inspect all-resources in tenancy",
    # ListRegionSubscriptions (coordinator): the regions to inventory and the home region.
    "Allow ${local.dynamic_group} to inspect tenancies in tenancy",
    # ListCompartments over the whole subtree (coordinator: the compartment count of run_summary.json).
    "Allow ${local.dynamic_group} to inspect compartments in tenancy",
    # GetNamespace: enrichers of buckets need the namespace to GET a bucket by name.
    "Allow ${local.dynamic_group} to read objectstorage-namespaces in tenancy",
  ]
}

# Tenancy-wide, read-only: what enrichment needs (one GET per resource, e.g. GetInstance needs INSTANCE_READ).
# `read` also covers a few permissions that read data rather than metadata; those are carved out by
# permission name (var.excluded_read_permissions: object contents, secret contents, log contents).
resource "oci_identity_policy" "inventory_read" {
  count          = var.enrichment_read_access ? 1 : 0
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.application_name}-inventory-read"
  description    = "oci-inventory functions: read the metadata of every resource of the tenancy, never object, secret or log contents."
  freeform_tags  = var.freeform_tags

  statements = [
    # GET calls of the enrichers, on every resource type, minus the data-reading permissions listed.
    "Allow ${local.dynamic_group} to read all-resources in tenancy where all {${local.read_exclusions}}",
  ]
}

# The run bucket and the function chain, in the deployment's compartment only.
resource "oci_identity_policy" "functions_runtime" {
  provider       = oci.home
  compartment_id = var.compartment_ocid
  name           = "${var.application_name}-functions-runtime"
  description    = "oci-inventory functions: their own bucket and invoking each other."
  freeform_tags  = var.freeform_tags

  statements = [
    # HeadBucket on the run bucket (checks that the configured bucket exists), and nothing about other buckets.
    "Allow ${local.dynamic_group} to read buckets in ${local.compartment_scope} ${local.bucket_only}",
    # List, get, head, put (conditional creates of manifest, markers, lock), overwrite (latest.json with
    # if-match) and delete (merge lock, duplicate shards) objects: only in the run bucket. `manage objects`
    # is the only verb that includes PUT and DELETE; the bucket condition keeps it off every other bucket.
    "Allow ${local.dynamic_group} to manage objects in ${local.compartment_scope} ${local.bucket_only}",
    # The coordinator starts one region function per region (detached invocation).
    "Allow ${local.dynamic_group} to use fn-invocation in ${local.compartment_scope} where target.function.id = '${oci_functions_function.region.id}'",
    # Region functions start the merge; the coordinator starts finalizing merges of stale runs.
    "Allow ${local.dynamic_group} to use fn-invocation in ${local.compartment_scope} where target.function.id = '${oci_functions_function.merge.id}'",
  ]
}

# Object Storage itself runs the lifecycle policy (expiry of runs and of previous versions).
resource "oci_identity_policy" "object_storage_service" {
  provider       = oci.home
  compartment_id = var.compartment_ocid
  name           = "${var.application_name}-object-storage-lifecycle"
  description    = "Object Storage in ${var.region}: apply the lifecycle rules of the oci-inventory bucket."
  freeform_tags  = var.freeform_tags

  statements = [
    # Lifecycle rules delete objects, previous versions and stale multipart uploads, in this bucket only.
    "Allow service objectstorage-${var.region} to manage objects in ${local.compartment_scope} ${local.bucket_only}",
  ]
}

# Only with a customer-managed key: Object Storage encrypts and decrypts the bucket's objects with it.
resource "oci_identity_policy" "object_storage_kms" {
  count          = var.kms_key_id == null ? 0 : 1
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.application_name}-object-storage-kms"
  description    = "Object Storage in ${var.region}: use the master encryption key of the oci-inventory bucket."
  freeform_tags  = var.freeform_tags

  statements = [
    # Encrypt/decrypt with this one key (wherever its vault's compartment is), for the bucket's objects.
    "Allow service objectstorage-${var.region} to use keys in tenancy where target.key.id = '${coalesce(var.kms_key_id, "none")}'",
  ]
}

# The OCI Functions service (faas) attaches the functions to the subnet and pulls the image.
resource "oci_identity_policy" "functions_service" {
  count          = var.create_functions_service_policy ? 1 : 0
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "${var.application_name}-functions-service"
  description    = "OCI Functions service: the network of the oci-inventory application and its image repository."
  freeform_tags  = var.freeform_tags

  statements = [
    # Create the functions' network interfaces in the application's subnet.
    "Allow service faas to use virtual-network-family in ${local.subnet_scope}",
    # Pull the function image, from this repository only.
    "Allow service faas to read repos in tenancy where target.repo.name = '${local.image_repository}'",
  ]
}
