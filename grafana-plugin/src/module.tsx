// The plugin's entry, dist/module.js, which Grafana loads before the app is opened: the
// AppPlugin and its two pages, each fetched (App and its pages, the config page) on first use.
import { AppPlugin } from '@grafana/data';
import type { AppSettings } from './constants';
import { lazyPage } from './ui/lazyPage';

const App = lazyPage(() => import(/* webpackChunkName: "app" */ './App').then((m) => m.App));
const AppConfig = lazyPage(() => import(/* webpackChunkName: "config" */ './config/AppConfig').then((m) => m.AppConfig));

export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
