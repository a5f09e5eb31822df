"""The verdict screen: what a code says, in a form that can't be misread."""
