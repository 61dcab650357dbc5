"""Text as despin reads it: word tokens, the spans no change may touch (code, markup,
addresses), case carried over, "a"/"an" agreeing, and long texts cut into blocks."""
