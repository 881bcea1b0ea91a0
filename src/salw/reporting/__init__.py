"""Treaty and statistical reports made from the records: definitions -> report model -> renderers."""
