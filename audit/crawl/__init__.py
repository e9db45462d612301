"""Crawling one school portal: pure planning decisions and a thin shell over the Fetcher."""
