# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'committee_form.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_CommitteeForm(object):
    def setupUi(self, CommitteeForm):
        if not CommitteeForm.objectName():
            CommitteeForm.setObjectName(u"CommitteeForm")
        CommitteeForm.resize(520, 320)
        self.verticalLayout = QVBoxLayout(CommitteeForm)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.introLabel = QLabel(CommitteeForm)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.nameLabel = QLabel(CommitteeForm)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(CommitteeForm)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.districtLabel = QLabel(CommitteeForm)
        self.districtLabel.setObjectName(u"districtLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.districtLabel)

        self.districtEdit = QLineEdit(CommitteeForm)
        self.districtEdit.setObjectName(u"districtEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.districtEdit)

        self.streetLabel = QLabel(CommitteeForm)
        self.streetLabel.setObjectName(u"streetLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.streetLabel)

        self.streetEdit = QLineEdit(CommitteeForm)
        self.streetEdit.setObjectName(u"streetEdit")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.streetEdit)

        self.addressLabel = QLabel(CommitteeForm)
        self.addressLabel.setObjectName(u"addressLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.addressLabel)

        self.addressEdit = QLineEdit(CommitteeForm)
        self.addressEdit.setObjectName(u"addressEdit")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.addressEdit)

        self.phoneLabel = QLabel(CommitteeForm)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phoneEdit = QLineEdit(CommitteeForm)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.supervisionLabel = QLabel(CommitteeForm)
        self.supervisionLabel.setObjectName(u"supervisionLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.supervisionLabel)

        self.supervisionEdit = QLineEdit(CommitteeForm)
        self.supervisionEdit.setObjectName(u"supervisionEdit")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.supervisionEdit)

        self.contactLabel = QLabel(CommitteeForm)
        self.contactLabel.setObjectName(u"contactLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.contactLabel)

        self.contactEdit = QLineEdit(CommitteeForm)
        self.contactEdit.setObjectName(u"contactEdit")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.contactEdit)


        self.verticalLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(CommitteeForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #b00020;")
        self.errorLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.errorLabel)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.districtLabel.setBuddy(self.districtEdit)
        self.streetLabel.setBuddy(self.streetEdit)
        self.addressLabel.setBuddy(self.addressEdit)
        self.phoneLabel.setBuddy(self.phoneEdit)
        self.supervisionLabel.setBuddy(self.supervisionEdit)
        self.contactLabel.setBuddy(self.contactEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.districtEdit)
        QWidget.setTabOrder(self.districtEdit, self.streetEdit)
        QWidget.setTabOrder(self.streetEdit, self.addressEdit)
        QWidget.setTabOrder(self.addressEdit, self.phoneEdit)
        QWidget.setTabOrder(self.phoneEdit, self.supervisionEdit)
        QWidget.setTabOrder(self.supervisionEdit, self.contactEdit)

        self.retranslateUi(CommitteeForm)

        QMetaObject.connectSlotsByName(CommitteeForm)
    # setupUi

    def retranslateUi(self, CommitteeForm):
        CommitteeForm.setWindowTitle(QCoreApplication.translate("CommitteeForm", u"\u5c45\u59d4\u4f1a\u4fe1\u606f", None))
        self.introLabel.setText(QCoreApplication.translate("CommitteeForm", u"\u8fd9\u4e9b\u4fe1\u606f\u4f1a\u5370\u5728\u4f1a\u8bae\u8bb0\u5f55\u3001\u516c\u793a\u548c\u53f0\u8d26\u4e0a\u3002\u5168\u79f0\u987b\u4e0e\u516c\u7ae0\u4e00\u81f4\u3002", None))
        self.nameLabel.setText(QCoreApplication.translate("CommitteeForm", u"\u5c45\u59d4\u4f1a\u5168\u79f0\uff08\u5fc5\u586b\uff09", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("CommitteeForm", u"\u4f8b\uff1a\u4e0a\u6d77\u5e02\u666e\u9640\u533a\u957f\u98ce\u65b0\u6751\u8857\u9053\u6c81\u56ed\u5c45\u6c11\u59d4\u5458\u4f1a", None))
        self.districtLabel.setText(QCoreApplication.translate("CommitteeForm", u"\u533a", None))
        self.districtEdit.setPlaceholderText(QCoreApplication.translate("CommitteeForm", u"\u4f8b\uff1a\u666e\u9640\u533a", None))
        self.streetLabel.setText(QCoreApplication.translate("CommitteeForm", u"\u8857\u9053 / \u9547\uff08\u5fc5\u586b\uff09", None))
        self.streetEdit.setPlaceholderText(QCoreApplication.translate("CommitteeForm", u"\u4f8b\uff1a\u957f\u98ce\u65b0\u6751\u8857\u9053", None))
        self.addressLabel.setText(QCoreApplication.translate("CommitteeForm", u"\u529e\u516c\u5730\u5740", None))
        self.phoneLabel.setText(QCoreApplication.translate("CommitteeForm", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.supervisionLabel.setText(QCoreApplication.translate("CommitteeForm", u"\u76d1\u7763\u7535\u8bdd\uff08\u5fc5\u586b\uff09", None))
        self.supervisionEdit.setPlaceholderText(QCoreApplication.translate("CommitteeForm", u"\u5370\u5728\u6bcf\u4efd\u516c\u793a\u4e0a\uff0c\u4f8b\uff1a021-52805678", None))
        self.contactLabel.setText(QCoreApplication.translate("CommitteeForm", u"\u8054\u7cfb\u4eba", None))
        self.errorLabel.setText("")
    # retranslateUi

