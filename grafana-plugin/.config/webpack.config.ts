// Builds dist/ the way Grafana loads an app plugin: one AMD module.js whose
// imports of react, @grafana/* and friends are left to Grafana (externals), the
// chunks it fetches on demand (the app, the config page, one per feature),
// plus plugin.json, the README, the logo and the bundled JetBrains Mono.
import path from 'node:path';
import CopyPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import pluginJson from '../src/plugin.json' with { type: 'json' };

const root = path.resolve(import.meta.dirname, '..');

/** What Grafana provides to plugins at runtime (see @grafana/create-plugin's externals). */
export const GRAFANA_EXTERNALS = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  'react-router',
  'react-router-dom',
  'rxjs',
  'rxjs/operators',
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  'lodash',
  'moment',
];

export default function config(mode: 'production' | 'development' = 'production'): Configuration {
  return {
    mode,
    context: root,
    devtool: mode === 'production' ? 'source-map' : 'eval-source-map',
    entry: { module: './src/module.tsx' },
    externals: GRAFANA_EXTERNALS,
    output: {
      path: path.join(root, 'dist'),
      filename: '[name].js',
      // Grafana caches public/plugins/…: a new build's chunk must not be answered from an old one.
      chunkFilename: '[name].js?_cache=[contenthash]',
      library: { type: 'amd' },
      publicPath: `public/plugins/${pluginJson.id}/`,
      uniqueName: pluginJson.id,
      clean: true,
    },
    resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx'], extensionAlias: { '.js': ['.ts', '.js'] } },
    module: {
      rules: [
        { test: /\.[jt]sx?$/, exclude: /node_modules\/(?!@trafi-ops)/, loader: 'esbuild-loader', options: { target: 'es2020', jsx: 'automatic' } },
        { test: /\.(woff2?|svg|png)$/, type: 'asset/resource', generator: { filename: 'static/[name].[contenthash:8][ext]' } },
      ],
    },
    plugins: [
      new CopyPlugin({
        patterns: [
          { from: 'src/plugin.json', to: '.' },
          { from: 'README.md', to: '.' },
          { from: 'src/img', to: 'img' },
        ],
      }),
    ],
    optimization: {
      // What several chunks use (zod, the contracts and API client, the shared UI) is fetched
      // once, in one chunk, instead of being copied into each page's.
      splitChunks: { cacheGroups: { default: false, defaultVendors: false, shared: { name: 'shared', chunks: 'async', minChunks: 2, minSize: 0 } } },
    },
    performance: { hints: false },
  };
}
