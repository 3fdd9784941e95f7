import { IConstruct } from 'constructs';
import { BlueprintValidationError } from '../lib/errors';
import { BlueprintSettingsError } from './settings';

/**
 * Which setting each construct prop comes from, by construct path below the blueprint's stack:
 * `{ Web: { memoryLimitMiB: 'web.memoryLimitMiB' } }`. `''` is the stack itself.
 */
export type PropSettings = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Turns the constructs' errors inside a blueprint into errors about its settings.
 *
 * A construct validates its props and throws a {@link BlueprintValidationError} that names the prop
 * (`poolSize`) and carries the construct's path and the prop: right for someone who wrote the
 * construct call, a riddle for someone who only wrote settings. The blueprint knows which setting
 * fed which prop; this maps the error's construct path and prop to the setting, gives its value,
 * and names the settings instead of the props wherever the construct's message quotes a mapped
 * prop (props are always quoted in backticks in this library's messages).
 */
export class SettingNames {
  constructor(
    private readonly root: IConstruct,
    private readonly blueprint: string,
    private readonly settings: unknown,
    private readonly props: PropSettings,
  ) {}

  /**
   * Runs `build`; a construct error becomes a {@link BlueprintSettingsError} naming the settings.
   * `props` adds or overrides mappings for this call only: the database's `poolSize` is the web
   * tier's `web.dbPoolSize` in one `connectFrom` and the worker's `worker.dbPoolSize` in the next.
   */
  public run<T>(build: () => T, props: PropSettings = {}): T {
    try {
      return build();
    } catch (error) {
      throw this.translate(error, props);
    }
  }

  /** The error to throw instead of `error` (itself when it is not a construct's validation error). */
  public translate(error: unknown, props: PropSettings = {}): unknown {
    if (!(error instanceof BlueprintValidationError)) return error;
    const constructPath = this.relativePath(error.constructPath);
    const mapping = this.mappingFor(constructPath, props);
    const detail = stripPathPrefix(error.message, error.constructPath);
    const primary = mapping[error.prop];
    if (primary === undefined) {
      // Every error a blueprint's settings can cause is mapped (the blueprint tests check them);
      // anything else still says where it comes from rather than pretending to be a setting.
      return new BlueprintSettingsError(this.blueprint, [
        `the settings led to an error of the construct ${error.constructPath} (prop \`${error.prop}\`, which no ` +
          `setting of ${this.blueprint} sets directly): ${detail}`,
      ]);
    }
    // Name the settings in place of the props the construct's message quotes.
    const mentioned = new Set<string>([primary]);
    const rewritten = detail.replace(/`([A-Za-z][\w.]*)`/g, (quoted, prop: string) => {
      const setting = mapping[prop];
      if (setting === undefined) return quoted;
      mentioned.add(setting);
      return `\`${setting}\``;
    });
    const values = [...mentioned].map(
      (setting) => `\`${this.blueprint}.${setting}\` ${this.describe(setting)}`,
    );
    return new BlueprintSettingsError(this.blueprint, [`${values.join(', ')}: ${rewritten}`]);
  }

  private relativePath(constructPath: string): string {
    const rootPath = this.root.node.path;
    if (constructPath === rootPath) return '';
    return constructPath.startsWith(`${rootPath}/`)
      ? constructPath.slice(rootPath.length + 1)
      : constructPath;
  }

  /** The props of the construct at `path` or of its nearest mapped ancestor, with this call's overrides. */
  private mappingFor(path: string, overrides: PropSettings): Readonly<Record<string, string>> {
    for (let candidate: string | undefined = path; candidate !== undefined; candidate = parent(candidate)) {
      const own = this.props[candidate];
      const extra = overrides[candidate];
      if (own !== undefined || extra !== undefined) return { ...own, ...extra };
    }
    return {};
  }

  private describe(setting: string): string {
    const value = settingValue(this.settings, setting);
    return value === undefined ? 'is not set' : `is ${JSON.stringify(value)}`;
  }
}

function parent(path: string): string | undefined {
  if (path === '') return undefined;
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function stripPathPrefix(message: string, constructPath: string): string {
  const prefix = `[${constructPath}] `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** The value at a setting path such as `web.dbPoolSize` or `regions[1].minCapacity`. */
export function settingValue(settings: unknown, setting: string): unknown {
  let current = settings;
  for (const key of setting.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
