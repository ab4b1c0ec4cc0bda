"""The photo types the quality check reads, in one place (light: imported by the upload rules of the chat)."""

from __future__ import annotations

# HEIC/HEIF: iPhones store photos so by default (read through pillow-heif)
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".heic", ".heif"})
PHOTO_TYPES_DE = "JPG, PNG, WebP, BMP oder HEIC"
