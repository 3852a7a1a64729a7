# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'new_session_form.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_NewSessionForm(object):
    def setupUi(self, NewSessionForm):
        if not NewSessionForm.objectName():
            NewSessionForm.setObjectName(u"NewSessionForm")
        NewSessionForm.resize(960, 160)
        self.verticalLayout = QVBoxLayout(NewSessionForm)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.formLayout.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.formLayout.setHorizontalSpacing(10)
        self.kindLabel = QLabel(NewSessionForm)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(NewSessionForm)
        self.kindCombo.setObjectName(u"kindCombo")
        self.kindCombo.setMinimumSize(QSize(560, 0))

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.titleLabel = QLabel(NewSessionForm)
        self.titleLabel.setObjectName(u"titleLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.titleEdit = QLineEdit(NewSessionForm)
        self.titleEdit.setObjectName(u"titleEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.titleEdit)

        self.stepsCaption = QLabel(NewSessionForm)
        self.stepsCaption.setObjectName(u"stepsCaption")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.stepsCaption)

        self.stepsLabel = QLabel(NewSessionForm)
        self.stepsLabel.setObjectName(u"stepsLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.stepsLabel)


        self.verticalLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(NewSessionForm)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setStyleSheet(u"color: #c62828;")

        self.verticalLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.verticalLayout.addItem(self.verticalSpacer)

        self.buttons = QDialogButtonBox(NewSessionForm)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.verticalLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.kindLabel.setBuddy(self.kindCombo)
        self.titleLabel.setBuddy(self.titleEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.kindCombo, self.titleEdit)

        self.retranslateUi(NewSessionForm)

        QMetaObject.connectSlotsByName(NewSessionForm)
    # setupUi

    def retranslateUi(self, NewSessionForm):
        NewSessionForm.setWindowTitle(QCoreApplication.translate("NewSessionForm", u"\u65b0\u5efa\u4f1a\u8bae", None))
        self.kindLabel.setText(QCoreApplication.translate("NewSessionForm", u"\u4f1a\u8bae\u7c7b\u578b\uff1a", None))
        self.titleLabel.setText(QCoreApplication.translate("NewSessionForm", u"\u4f1a\u8bae\u540d\u79f0\uff1a", None))
        self.stepsCaption.setText(QCoreApplication.translate("NewSessionForm", u"\u529e\u7406\u6b65\u9aa4\uff1a", None))
        self.stepsLabel.setText("")
        self.errorLabel.setText("")
    # retranslateUi

