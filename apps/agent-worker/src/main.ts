// Agent worker entry. (Being built: see issue "Agent worker answers calls".)
console.log("[agent-worker] not yet implemented");
