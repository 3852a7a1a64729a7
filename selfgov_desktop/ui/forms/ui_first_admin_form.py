# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_admin_form.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_FirstAdminForm(object):
    def setupUi(self, FirstAdminForm):
        if not FirstAdminForm.objectName():
            FirstAdminForm.setObjectName(u"FirstAdminForm")
        FirstAdminForm.resize(460, 300)
        self.verticalLayout = QVBoxLayout(FirstAdminForm)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.introLabel = QLabel(FirstAdminForm)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.formLayout.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.formLayout.setHorizontalSpacing(10)
        self.usernameLabel = QLabel(FirstAdminForm)
        self.usernameLabel.setObjectName(u"usernameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.usernameLabel)

        self.usernameEdit = QLineEdit(FirstAdminForm)
        self.usernameEdit.setObjectName(u"usernameEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.usernameEdit)

        self.displayNameLabel = QLabel(FirstAdminForm)
        self.displayNameLabel.setObjectName(u"displayNameLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.displayNameLabel)

        self.displayNameEdit = QLineEdit(FirstAdminForm)
        self.displayNameEdit.setObjectName(u"displayNameEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.displayNameEdit)

        self.passwordLabel = QLabel(FirstAdminForm)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(FirstAdminForm)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setEchoMode(QLineEdit.Password)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.confirmLabel = QLabel(FirstAdminForm)
        self.confirmLabel.setObjectName(u"confirmLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.confirmLabel)

        self.confirmEdit = QLineEdit(FirstAdminForm)
        self.confirmEdit.setObjectName(u"confirmEdit")
        self.confirmEdit.setEchoMode(QLineEdit.Password)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.confirmEdit)


        self.verticalLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(FirstAdminForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #c62828;")
        self.errorLabel.setWordWrap(True)

        self.verticalLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.verticalLayout.addItem(self.verticalSpacer)

        self.buttons = QDialogButtonBox(FirstAdminForm)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.verticalLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.usernameLabel.setBuddy(self.usernameEdit)
        self.displayNameLabel.setBuddy(self.displayNameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.confirmLabel.setBuddy(self.confirmEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.usernameEdit, self.displayNameEdit)
        QWidget.setTabOrder(self.displayNameEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.confirmEdit)

        self.retranslateUi(FirstAdminForm)

        QMetaObject.connectSlotsByName(FirstAdminForm)
    # setupUi

    def retranslateUi(self, FirstAdminForm):
        FirstAdminForm.setWindowTitle(QCoreApplication.translate("FirstAdminForm", u"\u6b22\u8fce\u4f7f\u7528\uff1a\u5148\u521b\u5efa\u7ba1\u7406\u5458\u8d26\u53f7", None))
        self.introLabel.setText(QCoreApplication.translate("FirstAdminForm", u"\u8fd9\u53f0\u7535\u8111\u4e0a\u7684\u5c45\u6c11\u4fe1\u606f\u53d7\u4e2a\u4eba\u4fe1\u606f\u4fdd\u62a4\u6cd5\u4fdd\u62a4\u3002\u8bf7\u5148\u4e3a\u4e3b\u4efb\uff08\u6216\u4e66\u8bb0\uff09\u521b\u5efa\u4e00\u4e2a\u7ba1\u7406\u5458\u8d26\u53f7\uff0c\u4ee5\u540e\u6253\u5f00\u7a0b\u5e8f\u8981\u7528\u5b83\u767b\u5f55\uff0c\u4e5f\u7528\u5b83\u4e3a\u5176\u4ed6\u5de5\u4f5c\u4eba\u5458\u5f00\u8d26\u53f7\u3002\n"
"\u5bc6\u7801\u81f3\u5c11 8 \u4f4d\uff0c\u8bf7\u7262\u8bb0\u3002", None))
        self.usernameLabel.setText(QCoreApplication.translate("FirstAdminForm", u"\u7528\u6237\u540d", None))
        self.usernameEdit.setPlaceholderText(QCoreApplication.translate("FirstAdminForm", u"\u767b\u5f55\u65f6\u7528\uff0c2\u201332 \u4e2a\u5b57\u7b26\uff0c\u4f8b\uff1awang", None))
        self.displayNameLabel.setText(QCoreApplication.translate("FirstAdminForm", u"\u59d3\u540d", None))
        self.displayNameEdit.setPlaceholderText(QCoreApplication.translate("FirstAdminForm", u"\u4f8b\uff1a\u738b\u5efa\u534e\uff1b\u4e0d\u586b\u5219\u7528\u7528\u6237\u540d", None))
        self.passwordLabel.setText(QCoreApplication.translate("FirstAdminForm", u"\u5bc6\u7801", None))
        self.passwordEdit.setPlaceholderText(QCoreApplication.translate("FirstAdminForm", u"\u81f3\u5c11 8 \u4f4d\uff0c\u533a\u5206\u5927\u5c0f\u5199", None))
        self.confirmLabel.setText(QCoreApplication.translate("FirstAdminForm", u"\u518d\u8f93\u4e00\u904d\u5bc6\u7801", None))
        self.confirmEdit.setPlaceholderText(QCoreApplication.translate("FirstAdminForm", u"\u4e0e\u4e0a\u9762\u7684\u5bc6\u7801\u76f8\u540c", None))
        self.errorLabel.setText("")
    # retranslateUi

