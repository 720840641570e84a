import { AppPlugin } from '@grafana/data';
import { App } from './App';
import type { AppSettings } from './constants';
import { AppConfig } from './config/AppConfig';

export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
