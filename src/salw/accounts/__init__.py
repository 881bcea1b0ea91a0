"""Users, roles and role assignments (role x jurisdiction x scope), API tokens."""
