// juice/client is juice without web-resource-inliner; juice ships types only for its main entry.
declare module "juice/client" {
  import juice from "juice";
  export default juice;
}
