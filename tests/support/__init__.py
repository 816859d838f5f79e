"""Helpers the test suite shares: paths, server processes, store copies, remote servers, the spread demo store."""
