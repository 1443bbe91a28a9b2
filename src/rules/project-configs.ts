import { ProjectConfigStore } from "../config/project-config.js";

/** Where a host hands its ProjectConfigStore to the rules: `settings.txo.projectConfigs`. */
export type TxoSettings = Record<"txo", { projectConfigs: ProjectConfigStore }>;

export function projectConfigSettings(store: ProjectConfigStore): TxoSettings {
  return { txo: { projectConfigs: store } };
}

/**
 * A host that set no store (a hand-written config, RuleTester) gets one per settings object:
 * ESLint hands every file of one config the same settings object, so the store lives exactly as
 * long as that config does. Its stamps keep it current either way.
 */
const storesBySettings = new WeakMap<object, ProjectConfigStore>();

/** The project configurations of the linter running the rule (see ProjectConfigStore). */
export function projectConfigsOf(context: { settings: object }): ProjectConfigStore {
  const txo: unknown = Reflect.get(context.settings, "txo");
  const own: unknown = typeof txo === "object" && txo !== null ? Reflect.get(txo, "projectConfigs") : undefined;
  if (own instanceof ProjectConfigStore) return own;
  let store = storesBySettings.get(context.settings);
  if (store === undefined) {
    store = new ProjectConfigStore();
    storesBySettings.set(context.settings, store);
  }
  return store;
}
