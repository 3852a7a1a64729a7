# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'resident_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFormLayout,
    QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_ResidentForm(object):
    def setupUi(self, ResidentForm):
        if not ResidentForm.objectName():
            ResidentForm.setObjectName(u"ResidentForm")
        ResidentForm.resize(760, 560)
        self.mainLayout = QVBoxLayout(ResidentForm)
        self.mainLayout.setObjectName(u"mainLayout")
        self.fieldsGrid = QGridLayout()
        self.fieldsGrid.setObjectName(u"fieldsGrid")
        self.fieldsGrid.setHorizontalSpacing(18)
        self.form_name = QFormLayout()
        self.form_name.setObjectName(u"form_name")
        self.form_name.setHorizontalSpacing(10)
        self.form_name.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_name = QLabel(ResidentForm)
        self.label_name.setObjectName(u"label_name")
        self.label_name.setMinimumSize(QSize(76, 0))

        self.form_name.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_name)

        self.edit_name = QLineEdit(ResidentForm)
        self.edit_name.setObjectName(u"edit_name")

        self.form_name.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_name)

        self.error_name = QLabel(ResidentForm)
        self.error_name.setObjectName(u"error_name")
        self.error_name.setStyleSheet(u"color: #b00020;")
        self.error_name.setWordWrap(True)

        self.form_name.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_name)


        self.fieldsGrid.addLayout(self.form_name, 0, 0, 1, 1)

        self.form_id_number = QFormLayout()
        self.form_id_number.setObjectName(u"form_id_number")
        self.form_id_number.setHorizontalSpacing(10)
        self.form_id_number.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_id_number = QLabel(ResidentForm)
        self.label_id_number.setObjectName(u"label_id_number")
        self.label_id_number.setMinimumSize(QSize(76, 0))

        self.form_id_number.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_id_number)

        self.edit_id_number = QLineEdit(ResidentForm)
        self.edit_id_number.setObjectName(u"edit_id_number")

        self.form_id_number.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_id_number)

        self.error_id_number = QLabel(ResidentForm)
        self.error_id_number.setObjectName(u"error_id_number")
        self.error_id_number.setStyleSheet(u"color: #b00020;")
        self.error_id_number.setWordWrap(True)

        self.form_id_number.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_id_number)


        self.fieldsGrid.addLayout(self.form_id_number, 0, 1, 1, 1)

        self.form_birth_date = QFormLayout()
        self.form_birth_date.setObjectName(u"form_birth_date")
        self.form_birth_date.setHorizontalSpacing(10)
        self.form_birth_date.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_birth_date = QLabel(ResidentForm)
        self.label_birth_date.setObjectName(u"label_birth_date")
        self.label_birth_date.setMinimumSize(QSize(76, 0))

        self.form_birth_date.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_birth_date)

        self.edit_birth_date = QLineEdit(ResidentForm)
        self.edit_birth_date.setObjectName(u"edit_birth_date")

        self.form_birth_date.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_birth_date)

        self.error_birth_date = QLabel(ResidentForm)
        self.error_birth_date.setObjectName(u"error_birth_date")
        self.error_birth_date.setStyleSheet(u"color: #b00020;")
        self.error_birth_date.setWordWrap(True)

        self.form_birth_date.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_birth_date)


        self.fieldsGrid.addLayout(self.form_birth_date, 1, 0, 1, 1)

        self.form_phone = QFormLayout()
        self.form_phone.setObjectName(u"form_phone")
        self.form_phone.setHorizontalSpacing(10)
        self.form_phone.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_phone = QLabel(ResidentForm)
        self.label_phone.setObjectName(u"label_phone")
        self.label_phone.setMinimumSize(QSize(76, 0))

        self.form_phone.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_phone)

        self.edit_phone = QLineEdit(ResidentForm)
        self.edit_phone.setObjectName(u"edit_phone")

        self.form_phone.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_phone)

        self.error_phone = QLabel(ResidentForm)
        self.error_phone.setObjectName(u"error_phone")
        self.error_phone.setStyleSheet(u"color: #b00020;")
        self.error_phone.setWordWrap(True)

        self.form_phone.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_phone)


        self.fieldsGrid.addLayout(self.form_phone, 1, 1, 1, 1)

        self.form_ethnicity = QFormLayout()
        self.form_ethnicity.setObjectName(u"form_ethnicity")
        self.form_ethnicity.setHorizontalSpacing(10)
        self.form_ethnicity.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_ethnicity = QLabel(ResidentForm)
        self.label_ethnicity.setObjectName(u"label_ethnicity")
        self.label_ethnicity.setMinimumSize(QSize(76, 0))

        self.form_ethnicity.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_ethnicity)

        self.edit_ethnicity = QLineEdit(ResidentForm)
        self.edit_ethnicity.setObjectName(u"edit_ethnicity")

        self.form_ethnicity.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_ethnicity)

        self.error_ethnicity = QLabel(ResidentForm)
        self.error_ethnicity.setObjectName(u"error_ethnicity")
        self.error_ethnicity.setStyleSheet(u"color: #b00020;")
        self.error_ethnicity.setWordWrap(True)

        self.form_ethnicity.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_ethnicity)


        self.fieldsGrid.addLayout(self.form_ethnicity, 2, 0, 1, 1)

        self.form_address = QFormLayout()
        self.form_address.setObjectName(u"form_address")
        self.form_address.setHorizontalSpacing(10)
        self.form_address.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_address = QLabel(ResidentForm)
        self.label_address.setObjectName(u"label_address")
        self.label_address.setMinimumSize(QSize(76, 0))

        self.form_address.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_address)

        self.edit_address = QLineEdit(ResidentForm)
        self.edit_address.setObjectName(u"edit_address")

        self.form_address.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_address)

        self.error_address = QLabel(ResidentForm)
        self.error_address.setObjectName(u"error_address")
        self.error_address.setStyleSheet(u"color: #b00020;")
        self.error_address.setWordWrap(True)

        self.form_address.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_address)


        self.fieldsGrid.addLayout(self.form_address, 2, 1, 1, 1)

        self.form_building = QFormLayout()
        self.form_building.setObjectName(u"form_building")
        self.form_building.setHorizontalSpacing(10)
        self.form_building.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_building = QLabel(ResidentForm)
        self.label_building.setObjectName(u"label_building")
        self.label_building.setMinimumSize(QSize(76, 0))

        self.form_building.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_building)

        self.edit_building = QLineEdit(ResidentForm)
        self.edit_building.setObjectName(u"edit_building")

        self.form_building.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_building)

        self.error_building = QLabel(ResidentForm)
        self.error_building.setObjectName(u"error_building")
        self.error_building.setStyleSheet(u"color: #b00020;")
        self.error_building.setWordWrap(True)

        self.form_building.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_building)


        self.fieldsGrid.addLayout(self.form_building, 3, 0, 1, 1)

        self.form_room = QFormLayout()
        self.form_room.setObjectName(u"form_room")
        self.form_room.setHorizontalSpacing(10)
        self.form_room.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_room = QLabel(ResidentForm)
        self.label_room.setObjectName(u"label_room")
        self.label_room.setMinimumSize(QSize(76, 0))

        self.form_room.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_room)

        self.edit_room = QLineEdit(ResidentForm)
        self.edit_room.setObjectName(u"edit_room")

        self.form_room.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_room)

        self.error_room = QLabel(ResidentForm)
        self.error_room.setObjectName(u"error_room")
        self.error_room.setStyleSheet(u"color: #b00020;")
        self.error_room.setWordWrap(True)

        self.form_room.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_room)


        self.fieldsGrid.addLayout(self.form_room, 3, 1, 1, 1)

        self.form_hukou_address = QFormLayout()
        self.form_hukou_address.setObjectName(u"form_hukou_address")
        self.form_hukou_address.setHorizontalSpacing(10)
        self.form_hukou_address.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_hukou_address = QLabel(ResidentForm)
        self.label_hukou_address.setObjectName(u"label_hukou_address")
        self.label_hukou_address.setMinimumSize(QSize(76, 0))

        self.form_hukou_address.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_hukou_address)

        self.edit_hukou_address = QLineEdit(ResidentForm)
        self.edit_hukou_address.setObjectName(u"edit_hukou_address")

        self.form_hukou_address.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_hukou_address)

        self.error_hukou_address = QLabel(ResidentForm)
        self.error_hukou_address.setObjectName(u"error_hukou_address")
        self.error_hukou_address.setStyleSheet(u"color: #b00020;")
        self.error_hukou_address.setWordWrap(True)

        self.form_hukou_address.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_hukou_address)


        self.fieldsGrid.addLayout(self.form_hukou_address, 4, 0, 1, 1)

        self.form_employer = QFormLayout()
        self.form_employer.setObjectName(u"form_employer")
        self.form_employer.setHorizontalSpacing(10)
        self.form_employer.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_employer = QLabel(ResidentForm)
        self.label_employer.setObjectName(u"label_employer")
        self.label_employer.setMinimumSize(QSize(76, 0))

        self.form_employer.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_employer)

        self.edit_employer = QLineEdit(ResidentForm)
        self.edit_employer.setObjectName(u"edit_employer")

        self.form_employer.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_employer)

        self.error_employer = QLabel(ResidentForm)
        self.error_employer.setObjectName(u"error_employer")
        self.error_employer.setStyleSheet(u"color: #b00020;")
        self.error_employer.setWordWrap(True)

        self.form_employer.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_employer)


        self.fieldsGrid.addLayout(self.form_employer, 4, 1, 1, 1)

        self.form_key_categories = QFormLayout()
        self.form_key_categories.setObjectName(u"form_key_categories")
        self.form_key_categories.setHorizontalSpacing(10)
        self.form_key_categories.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_key_categories = QLabel(ResidentForm)
        self.label_key_categories.setObjectName(u"label_key_categories")
        self.label_key_categories.setMinimumSize(QSize(76, 0))

        self.form_key_categories.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_key_categories)

        self.edit_key_categories = QLineEdit(ResidentForm)
        self.edit_key_categories.setObjectName(u"edit_key_categories")

        self.form_key_categories.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_key_categories)

        self.error_key_categories = QLabel(ResidentForm)
        self.error_key_categories.setObjectName(u"error_key_categories")
        self.error_key_categories.setStyleSheet(u"color: #b00020;")
        self.error_key_categories.setWordWrap(True)

        self.form_key_categories.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_key_categories)


        self.fieldsGrid.addLayout(self.form_key_categories, 5, 0, 1, 1)

        self.form_note = QFormLayout()
        self.form_note.setObjectName(u"form_note")
        self.form_note.setHorizontalSpacing(10)
        self.form_note.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_note = QLabel(ResidentForm)
        self.label_note.setObjectName(u"label_note")
        self.label_note.setMinimumSize(QSize(76, 0))

        self.form_note.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_note)

        self.edit_note = QLineEdit(ResidentForm)
        self.edit_note.setObjectName(u"edit_note")

        self.form_note.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_note)

        self.error_note = QLabel(ResidentForm)
        self.error_note.setObjectName(u"error_note")
        self.error_note.setStyleSheet(u"color: #b00020;")
        self.error_note.setWordWrap(True)

        self.form_note.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_note)


        self.fieldsGrid.addLayout(self.form_note, 5, 1, 1, 1)

        self.form_sex = QFormLayout()
        self.form_sex.setObjectName(u"form_sex")
        self.form_sex.setHorizontalSpacing(10)
        self.form_sex.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_sex = QLabel(ResidentForm)
        self.label_sex.setObjectName(u"label_sex")
        self.label_sex.setMinimumSize(QSize(76, 0))

        self.form_sex.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_sex)

        self.combo_sex = QComboBox(ResidentForm)
        self.combo_sex.setObjectName(u"combo_sex")
        self.combo_sex.setEditable(False)

        self.form_sex.setWidget(0, QFormLayout.ItemRole.FieldRole, self.combo_sex)

        self.error_sex = QLabel(ResidentForm)
        self.error_sex.setObjectName(u"error_sex")
        self.error_sex.setStyleSheet(u"color: #b00020;")

        self.form_sex.setWidget(1, QFormLayout.ItemRole.FieldRole, self.error_sex)


        self.fieldsGrid.addLayout(self.form_sex, 7, 0, 1, 1)

        self.form_relation = QFormLayout()
        self.form_relation.setObjectName(u"form_relation")
        self.form_relation.setHorizontalSpacing(10)
        self.form_relation.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_relation = QLabel(ResidentForm)
        self.label_relation.setObjectName(u"label_relation")
        self.label_relation.setMinimumSize(QSize(76, 0))

        self.form_relation.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_relation)

        self.combo_relation = QComboBox(ResidentForm)
        self.combo_relation.setObjectName(u"combo_relation")
        self.combo_relation.setEditable(True)

        self.form_relation.setWidget(0, QFormLayout.ItemRole.FieldRole, self.combo_relation)


        self.fieldsGrid.addLayout(self.form_relation, 7, 1, 1, 1)

        self.form_political_status = QFormLayout()
        self.form_political_status.setObjectName(u"form_political_status")
        self.form_political_status.setHorizontalSpacing(10)
        self.form_political_status.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_political_status = QLabel(ResidentForm)
        self.label_political_status.setObjectName(u"label_political_status")
        self.label_political_status.setMinimumSize(QSize(76, 0))

        self.form_political_status.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_political_status)

        self.combo_political_status = QComboBox(ResidentForm)
        self.combo_political_status.setObjectName(u"combo_political_status")
        self.combo_political_status.setEditable(True)

        self.form_political_status.setWidget(0, QFormLayout.ItemRole.FieldRole, self.combo_political_status)


        self.fieldsGrid.addLayout(self.form_political_status, 8, 0, 1, 1)

        self.form_population_type = QFormLayout()
        self.form_population_type.setObjectName(u"form_population_type")
        self.form_population_type.setHorizontalSpacing(10)
        self.form_population_type.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_population_type = QLabel(ResidentForm)
        self.label_population_type.setObjectName(u"label_population_type")
        self.label_population_type.setMinimumSize(QSize(76, 0))

        self.form_population_type.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_population_type)

        self.combo_population_type = QComboBox(ResidentForm)
        self.combo_population_type.setObjectName(u"combo_population_type")
        self.combo_population_type.setEditable(True)

        self.form_population_type.setWidget(0, QFormLayout.ItemRole.FieldRole, self.combo_population_type)


        self.fieldsGrid.addLayout(self.form_population_type, 8, 1, 1, 1)

        self.form_marital_status = QFormLayout()
        self.form_marital_status.setObjectName(u"form_marital_status")
        self.form_marital_status.setHorizontalSpacing(10)
        self.form_marital_status.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_marital_status = QLabel(ResidentForm)
        self.label_marital_status.setObjectName(u"label_marital_status")
        self.label_marital_status.setMinimumSize(QSize(76, 0))

        self.form_marital_status.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_marital_status)

        self.combo_marital_status = QComboBox(ResidentForm)
        self.combo_marital_status.setObjectName(u"combo_marital_status")
        self.combo_marital_status.setEditable(True)

        self.form_marital_status.setWidget(0, QFormLayout.ItemRole.FieldRole, self.combo_marital_status)


        self.fieldsGrid.addLayout(self.form_marital_status, 9, 0, 1, 1)

        self.form_education = QFormLayout()
        self.form_education.setObjectName(u"form_education")
        self.form_education.setHorizontalSpacing(10)
        self.form_education.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.label_education = QLabel(ResidentForm)
        self.label_education.setObjectName(u"label_education")
        self.label_education.setMinimumSize(QSize(76, 0))

        self.form_education.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_education)

        self.combo_education = QComboBox(ResidentForm)
        self.combo_education.setObjectName(u"combo_education")
        self.combo_education.setEditable(True)

        self.form_education.setWidget(0, QFormLayout.ItemRole.FieldRole, self.combo_education)


        self.fieldsGrid.addLayout(self.form_education, 9, 1, 1, 1)


        self.mainLayout.addLayout(self.fieldsGrid)

        self.bottomRow = QHBoxLayout()
        self.bottomRow.setObjectName(u"bottomRow")
        self.groupLabel = QLabel(ResidentForm)
        self.groupLabel.setObjectName(u"groupLabel")

        self.bottomRow.addWidget(self.groupLabel)

        self.groupCombo = QComboBox(ResidentForm)
        self.groupCombo.setObjectName(u"groupCombo")
        self.groupCombo.setMinimumSize(QSize(150, 0))

        self.bottomRow.addWidget(self.groupCombo)

        self.volunteerCheck = QCheckBox(ResidentForm)
        self.volunteerCheck.setObjectName(u"volunteerCheck")

        self.bottomRow.addWidget(self.volunteerCheck)

        self.bottomSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottomRow.addItem(self.bottomSpacer)

        self.revealButton = QPushButton(ResidentForm)
        self.revealButton.setObjectName(u"revealButton")

        self.bottomRow.addWidget(self.revealButton)


        self.mainLayout.addLayout(self.bottomRow)

#if QT_CONFIG(shortcut)
        self.label_name.setBuddy(self.edit_name)
        self.label_id_number.setBuddy(self.edit_id_number)
        self.label_birth_date.setBuddy(self.edit_birth_date)
        self.label_phone.setBuddy(self.edit_phone)
        self.label_ethnicity.setBuddy(self.edit_ethnicity)
        self.label_address.setBuddy(self.edit_address)
        self.label_building.setBuddy(self.edit_building)
        self.label_room.setBuddy(self.edit_room)
        self.label_hukou_address.setBuddy(self.edit_hukou_address)
        self.label_employer.setBuddy(self.edit_employer)
        self.label_key_categories.setBuddy(self.edit_key_categories)
        self.label_note.setBuddy(self.edit_note)
        self.label_sex.setBuddy(self.combo_sex)
        self.label_relation.setBuddy(self.combo_relation)
        self.label_political_status.setBuddy(self.combo_political_status)
        self.label_population_type.setBuddy(self.combo_population_type)
        self.label_marital_status.setBuddy(self.combo_marital_status)
        self.label_education.setBuddy(self.combo_education)
        self.groupLabel.setBuddy(self.groupCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.edit_name, self.edit_id_number)
        QWidget.setTabOrder(self.edit_id_number, self.edit_birth_date)
        QWidget.setTabOrder(self.edit_birth_date, self.edit_phone)
        QWidget.setTabOrder(self.edit_phone, self.edit_ethnicity)
        QWidget.setTabOrder(self.edit_ethnicity, self.edit_address)
        QWidget.setTabOrder(self.edit_address, self.edit_building)
        QWidget.setTabOrder(self.edit_building, self.edit_room)
        QWidget.setTabOrder(self.edit_room, self.edit_hukou_address)
        QWidget.setTabOrder(self.edit_hukou_address, self.edit_employer)
        QWidget.setTabOrder(self.edit_employer, self.edit_key_categories)
        QWidget.setTabOrder(self.edit_key_categories, self.edit_note)
        QWidget.setTabOrder(self.edit_note, self.combo_sex)
        QWidget.setTabOrder(self.combo_sex, self.combo_relation)
        QWidget.setTabOrder(self.combo_relation, self.combo_political_status)
        QWidget.setTabOrder(self.combo_political_status, self.combo_population_type)
        QWidget.setTabOrder(self.combo_population_type, self.combo_marital_status)
        QWidget.setTabOrder(self.combo_marital_status, self.combo_education)
        QWidget.setTabOrder(self.combo_education, self.groupCombo)
        QWidget.setTabOrder(self.groupCombo, self.volunteerCheck)
        QWidget.setTabOrder(self.volunteerCheck, self.revealButton)

        self.retranslateUi(ResidentForm)

        QMetaObject.connectSlotsByName(ResidentForm)
    # setupUi

    def retranslateUi(self, ResidentForm):
        ResidentForm.setWindowTitle(QCoreApplication.translate("ResidentForm", u"\u5c45\u6c11", None))
        self.label_name.setText(QCoreApplication.translate("ResidentForm", u"\u59d3\u540d", None))
        self.error_name.setText("")
        self.label_id_number.setText(QCoreApplication.translate("ResidentForm", u"\u8eab\u4efd\u8bc1\u53f7", None))
        self.edit_id_number.setPlaceholderText(QCoreApplication.translate("ResidentForm", u"18\u4f4d\uff0c\u672b\u4f4d\u53ef\u4e3a X", None))
        self.error_id_number.setText("")
        self.label_birth_date.setText(QCoreApplication.translate("ResidentForm", u"\u51fa\u751f\u65e5\u671f", None))
        self.edit_birth_date.setPlaceholderText(QCoreApplication.translate("ResidentForm", u"\u4f8b\uff1a1956-03-12", None))
        self.error_birth_date.setText("")
        self.label_phone.setText(QCoreApplication.translate("ResidentForm", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.edit_phone.setPlaceholderText(QCoreApplication.translate("ResidentForm", u"\u624b\u673a 11 \u4f4d\uff0c\u6216 021-XXXXXXXX", None))
        self.error_phone.setText("")
        self.label_ethnicity.setText(QCoreApplication.translate("ResidentForm", u"\u6c11\u65cf", None))
        self.error_ethnicity.setText("")
        self.label_address.setText(QCoreApplication.translate("ResidentForm", u"\u5c45\u4f4f\u5730\u5740", None))
        self.error_address.setText("")
        self.label_building.setText(QCoreApplication.translate("ResidentForm", u"\u697c\u53f7", None))
        self.edit_building.setPlaceholderText(QCoreApplication.translate("ResidentForm", u"\u4f8b\uff1a3\u53f7", None))
        self.error_building.setText("")
        self.label_room.setText(QCoreApplication.translate("ResidentForm", u"\u5ba4\u53f7", None))
        self.edit_room.setPlaceholderText(QCoreApplication.translate("ResidentForm", u"\u4f8b\uff1a502", None))
        self.error_room.setText("")
        self.label_hukou_address.setText(QCoreApplication.translate("ResidentForm", u"\u6237\u7c4d\u5730\u5740", None))
        self.error_hukou_address.setText("")
        self.label_employer.setText(QCoreApplication.translate("ResidentForm", u"\u5de5\u4f5c\u5355\u4f4d", None))
        self.error_employer.setText("")
        self.label_key_categories.setText(QCoreApplication.translate("ResidentForm", u"\u91cd\u70b9\u7c7b\u522b", None))
        self.error_key_categories.setText("")
        self.label_note.setText(QCoreApplication.translate("ResidentForm", u"\u5907\u6ce8", None))
        self.error_note.setText("")
        self.label_sex.setText(QCoreApplication.translate("ResidentForm", u"\u6027\u522b", None))
        self.error_sex.setText("")
        self.label_relation.setText(QCoreApplication.translate("ResidentForm", u"\u4e0e\u6237\u4e3b\u5173\u7cfb", None))
        self.label_political_status.setText(QCoreApplication.translate("ResidentForm", u"\u653f\u6cbb\u9762\u8c8c", None))
        self.label_population_type.setText(QCoreApplication.translate("ResidentForm", u"\u4eba\u53e3\u72b6\u6001", None))
        self.label_marital_status.setText(QCoreApplication.translate("ResidentForm", u"\u5a5a\u59fb\u72b6\u51b5", None))
        self.label_education.setText(QCoreApplication.translate("ResidentForm", u"\u6587\u5316\u7a0b\u5ea6", None))
        self.groupLabel.setText(QCoreApplication.translate("ResidentForm", u"\u697c\u7ec4", None))
        self.volunteerCheck.setText(QCoreApplication.translate("ResidentForm", u"\u5fd7\u613f\u8005", None))
#if QT_CONFIG(tooltip)
        self.revealButton.setToolTip(QCoreApplication.translate("ResidentForm", u"\u67e5\u770b\u4f1a\u8bb0\u5165\u64cd\u4f5c\u65e5\u5fd7", None))
#endif // QT_CONFIG(tooltip)
        self.revealButton.setText(QCoreApplication.translate("ResidentForm", u"\u663e\u793a\u5b8c\u6574\u8bc1\u4ef6\u53f7\u548c\u7535\u8bdd", None))
    # retranslateUi

