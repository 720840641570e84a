// Assets webpack (asset/resource) and vite turn into URLs.
declare module '*.woff2' {
  const url: string;
  export default url;
}
