export declare const NOWHERE: string;
export declare const NO_CLOUD_NETWORK: Readonly<Record<string, string>>;
export declare function noCloudNetworkEnv(
  base?: NodeJS.ProcessEnv,
  extra?: Record<string, string>,
): Record<string, string>;
