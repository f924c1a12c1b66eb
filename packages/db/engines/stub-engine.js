// Placeholder engine path. The Rust-free Prisma client and the WASM schema
// engine never load it; pointing the CLI here stops it downloading native
// engines, which fails offline.
module.exports = {};
