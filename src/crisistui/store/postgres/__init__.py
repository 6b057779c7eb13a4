"""The shared backend: one PostgreSQL database for a team's collectors, consoles and walls."""
