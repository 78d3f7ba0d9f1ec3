// The checks (DESIGN.md, "The checks file"): pure functions the command line and the extension share.
export * from './checksFile';
export * from './jsonc';
export * from './baselines';
export * from './shard';
export * from './verdict';
export * from './run';
export * from './reportJson';
export * from './reportJunit';
export * from './reportDifference';
export * from './reportHtml';
export * from './reportGithub';
export * from './capture';
export * from './nodeFiles';
