# Terraform and provider versions, and the two provider configurations.
#
# oracle/oci 7.21.0 (October 2025) is the first release with "Long Running Functions": the
# `detached_mode_timeout_in_seconds` attribute of oci_functions_function, which the region and merge
# functions need (detached invocations of up to 3600 s). Stay below 8.0.0 until a major release has
# been read for breaking changes.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    oci = {
      source  = "oracle/oci"
      version = ">= 7.21.0, < 8.0.0"
    }
  }
}

# Everything except IAM lives in var.region: the bucket, the application, the functions, the schedule.
# Authentication is the provider's usual chain: ~/.oci/config (profile var.oci_config_profile, or DEFAULT),
# or the instance/resource principal when run from OCI Resource Manager.
provider "oci" {
  region              = var.region
  config_file_profile = var.oci_config_profile
}

# IAM (dynamic group, policies) can only be written in the tenancy's home region.
provider "oci" {
  alias               = "home"
  region              = coalesce(var.home_region, var.region)
  config_file_profile = var.oci_config_profile
}
