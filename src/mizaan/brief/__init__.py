"""Brief intake: a free-text project summary (Arabic or English) to a partial profile."""
