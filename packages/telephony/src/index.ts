// Public entry of this package. (Being built.)
export {};
