/**
 * An SDK client's endpoint settings: an endpoint the user gave (`%endpoint`) or the local kind's
 * own is used as given. Without the two flags set to false, a shared-config profile with
 * `use_fips_endpoint` or `use_dualstack_endpoint` makes the SDK refuse every call ("FIPS and
 * custom endpoint are not supported"), although the URL already says where to go.
 */
export function sdkEndpointConfig(endpoint: string | undefined): {
  endpoint?: string;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
} {
  return endpoint === undefined
    ? {}
    : { endpoint, useFipsEndpoint: false, useDualstackEndpoint: false };
}
