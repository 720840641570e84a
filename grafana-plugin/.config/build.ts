// npm run build [-- --watch] [-- --dev]: webpack through its Node API, so the config stays TypeScript.
import webpack from 'webpack';
import config from './webpack.config.ts';

const watch = process.argv.includes('--watch');
const compiler = webpack(config(process.argv.includes('--dev') || watch ? 'development' : 'production'));
const report = (err: Error | null, stats?: webpack.Stats) => {
  if (err) throw err;
  console.log(stats!.toString({ colors: false, modules: false, assets: true, chunks: false }));
  if (stats!.hasErrors()) process.exitCode = 1;
};
if (watch) compiler.watch({}, report);
else compiler.run((err, stats) => { report(err, stats); compiler.close(() => undefined); });
