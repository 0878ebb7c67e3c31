# oci-inventory on OCI Functions: one image deployed three times (coordinator, region, merge), told apart by
# function configuration (INVENTORY_ROLE), writing runs to one private, versioned bucket; a Resource
# Scheduler schedule starts the coordinator every night.
#
#   bucket.tf     the run bucket and its lifecycle policy
#   functions.tf  the application and the three functions (created merge -> region -> coordinator)
#   iam.tf        the dynamic group of the three functions and the least-privilege policies
#   schedule.tf   the nightly schedule and the policy that lets it invoke the coordinator
#   logging.tf    the functions' invocation log
#   outputs.tf    OCIDs, endpoints and the commands to run and fetch an inventory
#
# Operator documentation: docs/deploy.md, docs/operate.md, docs/iam.md, docs/artifacts.md.

# The tenancy's Object Storage namespace: the bucket lives in it, and the functions get it in their
# configuration (INVENTORY_NAMESPACE) so that they never have to look it up.
data "oci_objectstorage_namespace" "tenancy" {
  compartment_id = var.tenancy_ocid
}

# The subnet's compartment, for the Functions service's network policy.
data "oci_core_subnet" "functions" {
  subnet_id = var.subnet_ocid
}

locals {
  namespace = data.oci_objectstorage_namespace.tenancy.namespace

  # var.image is "<repo>:<tag>" or "<repo>:<tag>@sha256:<hex>". OCI Functions wants the tagged name in
  # `image` and the digest, when pinned, in `image_digest`.
  image_parts  = split("@", var.image)
  image        = local.image_parts[0]
  image_digest = length(local.image_parts) > 1 ? local.image_parts[1] : null
  # "<registry>/<namespace>/<repository path>:<tag>" -> "<repository path>", for the image pull policy.
  image_repository = regex("^[^/]+/[^/]+/([^:]+):", local.image)[0]

  # Policies name the compartment by OCID: robust to renames and to compartments nested anywhere.
  compartment_scope = var.compartment_ocid == var.tenancy_ocid ? "tenancy" : "compartment id ${var.compartment_ocid}"
}
