"""The look: calm, large enough to read without glasses, one accent colour."""

STYLE = """
QWidget { font-size: 14px; }
#navList { background: #f3f5f8; border: none; border-right: 1px solid #dde2ea; font-size: 15px; }
#navList::item { padding: 10px 14px; }
#navList::item:selected { background: #1f6feb; color: white; }
#pageTitle { font-size: 22px; font-weight: bold; padding: 4px 0 2px 0; }
#pageSubtitle { color: #555; }
#sectionTitle { font-size: 16px; font-weight: bold; padding-top: 8px; }
#statCard { background: white; border: 1px solid #dde2ea; border-radius: 6px; }
#statValue { font-size: 28px; font-weight: bold; color: #1f2d3d; }
#statValue[warn="true"] { color: #c62828; }
#statCaption { color: #555; }
QTableView { gridline-color: #e3e7ee; selection-background-color: #d6e6ff;
             selection-color: black; }
QHeaderView::section { background: #f3f5f8; padding: 4px; border: none;
                       border-bottom: 1px solid #dde2ea; border-right: 1px solid #e8ebf0; }
QPushButton { padding: 5px 14px; }
"""
