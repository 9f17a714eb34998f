// juice/client is juice without web-resource-inliner; juice ships types only for its main entry.
// Imported as juice/client.js: juice has no exports map, and Node's ESM loader adds no extension.
declare module "juice/client.js" {
  import juice from "juice";
  export default juice;
}
