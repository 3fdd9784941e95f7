// Architecture diagrams drawn from synthesized templates. The WebAssembly Graphviz behind
// renderSvg is loaded on its first call, not by importing this module.
export * from './assembly-reader';
export * from './resource-kinds';
export * from './architecture-graph';
export * from './mermaid';
export * from './dot';
export * from './svg';
export * from './blueprint-diagrams';
export * from './diagram-command';
