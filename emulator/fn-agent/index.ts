export { LocalFnAgent, type FnInvocation, type FunctionsRegistry } from './local-fn-agent.ts';
export type { ContainerInfo, ContainerState } from './container.ts';
export { FN_ERRORS, FnAgentOptionsError, type FnErrorKind } from './errors.ts';
export { AGENT_DEFAULTS, OCI_LIMITS, type CredentialsProvider, type FnFunctionSpec, type LocalFnAgentOptions, type LogSink } from './options.ts';
