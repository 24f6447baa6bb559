"""Open311 GeoReport v2 接口"""
